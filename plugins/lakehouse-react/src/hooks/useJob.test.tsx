import { TestApiProvider } from '@backstage/frontend-test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { LakehouseApi, lakehouseApiRef } from '../api/LakehouseApi';
import { flinkDetail, rayDetail } from '../__testUtils__/fixtures';
import { useJob } from './useJob';

describe('useJob', () => {
  it('never shows the previous job while another one loads', async () => {
    let resolveRay: (v: unknown) => void = () => {};
    const getJob = jest.fn((engine: string) =>
      engine === 'flink'
        ? Promise.resolve(flinkDetail)
        : new Promise(r => {
            resolveRay = r;
          }),
    );
    const api = { getJob } as unknown as LakehouseApi;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[lakehouseApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result, rerender } = renderHook(
      (props: { engine: 'flink' | 'ray'; id: string }) =>
        useJob(props.engine, 'local', props.id),
      { wrapper, initialProps: { engine: 'flink', id: flinkDetail.job.id } },
    );
    await waitFor(() => expect(result.current.value).toEqual(flinkDetail));

    rerender({ engine: 'ray', id: rayDetail.job.id });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
    resolveRay(rayDetail);
    await waitFor(() => expect(result.current.value).toEqual(rayDetail));
    expect(getJob).toHaveBeenLastCalledWith('ray', 'local', rayDetail.job.id);
  });
});
