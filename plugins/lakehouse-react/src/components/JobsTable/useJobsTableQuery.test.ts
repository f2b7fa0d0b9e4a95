import { act, renderHook } from '@testing-library/react';
import { useJobsTableQuery } from './useJobsTableQuery';

describe('useJobsTableQuery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const setup = () =>
    renderHook(() =>
      useJobsTableQuery({ engine: 'flink', instance: 'local', pageSize: 25 }),
    );

  it('starts on the first page, newest first', () => {
    const { result } = setup();
    expect(result.current.query).toEqual({
      engine: 'flink',
      instance: 'local',
      limit: 25,
      offset: 0,
      states: undefined,
      q: undefined,
      sort: undefined,
      order: undefined,
    });
    expect(result.current.filtered).toBe(false);
  });

  it('searches after a pause in typing, back on page one', () => {
    const { result } = setup();
    act(() => result.current.setPage(3));
    expect(result.current.query.offset).toBe(75);
    act(() => result.current.setSearchInput('  fraud '));
    expect(result.current.query.q).toBeUndefined();
    act(() => jest.advanceTimersByTime(300));
    expect(result.current.query).toMatchObject({ q: 'fraud', offset: 0 });
    expect(result.current.filtered).toBe(true);
  });

  it('toggles the order of a sorted column and filters by state, each from page one', () => {
    const { result } = setup();
    act(() => result.current.setPage(2));
    act(() => result.current.sortBy('durationMs'));
    expect(result.current.query).toMatchObject({
      sort: 'durationMs',
      order: 'asc',
      offset: 0,
    });
    act(() => result.current.sortBy('durationMs'));
    expect(result.current.query.order).toBe('desc');
    act(() => result.current.sortBy('name'));
    expect(result.current.query).toMatchObject({ sort: 'name', order: 'asc' });
    act(() => result.current.setPage(1));
    act(() => result.current.setState('FAILED'));
    expect(result.current.query).toMatchObject({
      states: ['FAILED'],
      offset: 0,
    });
    act(() => result.current.setPageSize(100));
    expect(result.current.query).toMatchObject({ limit: 100, offset: 0 });
  });
});
