import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { lakehouseApiRef, LakehouseApi } from '../api/LakehouseApi';
import { jobsPage, sparkApp } from '../__testUtils__/fixtures';
import { useJobs } from './useJobs';

function setup(getJobs: jest.Mock) {
  const api = { getJobs } as unknown as LakehouseApi;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[lakehouseApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(
    () =>
      useJobs(
        { engine: 'spark', q: 'orders', limit: 10 },
        { intervalMs: 1000 },
      ),
    { wrapper },
  );
}

describe('useJobs', () => {
  afterEach(() => jest.useRealTimers());

  it('polls, and keeps the last good page when a refresh fails', async () => {
    jest.useFakeTimers();
    const getJobs = jest
      .fn()
      .mockResolvedValueOnce(jobsPage([sparkApp]))
      .mockRejectedValueOnce(new Error('backend restarting'))
      .mockResolvedValue(jobsPage([]));
    const { result } = setup(getJobs);
    expect(result.current.loading).toBe(true);
    await waitFor(() =>
      expect(result.current.value?.items).toEqual([sparkApp]),
    );
    expect(getJobs).toHaveBeenCalledWith(
      expect.objectContaining({ engine: 'spark', q: 'orders', limit: 10 }),
    );

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend restarting'),
    );
    expect(result.current.value?.items).toEqual([sparkApp]);
    expect(result.current.loading).toBe(false);

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() => expect(result.current.value?.items).toEqual([]));
    expect(result.current.error).toBeUndefined();
    expect(getJobs).toHaveBeenCalledTimes(3);
  });

  it('does not poll while the tab is hidden, and refreshes when it is shown', async () => {
    jest.useFakeTimers();
    const getJobs = jest.fn().mockResolvedValue(jobsPage([sparkApp]));
    const visibility = jest.spyOn(document, 'visibilityState', 'get');
    try {
      visibility.mockReturnValue('hidden');
      setup(getJobs);
      await waitFor(() => expect(getJobs).toHaveBeenCalledTimes(1));
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
        jest.advanceTimersByTime(5000);
      });
      expect(getJobs).toHaveBeenCalledTimes(1);
      visibility.mockReturnValue('visible');
      await act(async () => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitFor(() => expect(getJobs).toHaveBeenCalledTimes(2));
    } finally {
      visibility.mockRestore();
    }
  });

  it("refetches at once when the backend signals a change of the instance's jobs, not of another engine's", async () => {
    const listeners: Array<(m: any) => void> = [];
    const signals: SignalApi = {
      subscribe: (channel, onMessage) => {
        expect(channel).toBe('lakehouse:jobs');
        listeners.push(onMessage as any);
        return { unsubscribe: () => {} };
      },
    };
    const getJobs = jest.fn().mockResolvedValue(jobsPage([sparkApp]));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [lakehouseApiRef, { getJobs } as unknown as LakehouseApi],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    // Polling off: only a signal can cause a second request.
    const { result } = renderHook(
      () => useJobs({ engine: 'spark' }, { intervalMs: 0 }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.value).toBeDefined());
    expect(getJobs).toHaveBeenCalledTimes(1);
    const emit = (engine: string) =>
      act(() => {
        for (const l of listeners)
          l({ engine, instance: 'local', changed: 1, polledAt: '' });
      });
    emit('ray');
    expect(getJobs).toHaveBeenCalledTimes(1);
    emit('spark');
    await waitFor(() => expect(getJobs).toHaveBeenCalledTimes(2));
  });
});
