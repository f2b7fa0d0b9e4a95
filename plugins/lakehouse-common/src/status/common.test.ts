import type { JobSummary } from '../types';
import { epochMsToIso, jobSummary, lookupState, parseQuantity } from './common';

describe('parseQuantity', () => {
  it.each([
    ['3', 3],
    [3, 3],
    ['2500m', 2.5],
    ['6Gi', 6 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['4G', 4e9],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['3.0', 3],
    ['6442450944', 6442450944],
  ])('reads %p as %p', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });

  it.each(['', 'lots', '3 cores', '2Gb', null, undefined, {}])(
    'refuses %p',
    input => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );
});

describe('lookupState', () => {
  const table = { '': 'PENDING', RUNNING: 'RUNNING' } as const;

  it('treats a missing field as the empty "new" value', () => {
    expect(lookupState(table, undefined)).toBe('PENDING');
  });

  it.each(['constructor', 'toString', '__proto__', 'running'])(
    'maps %p to UNKNOWN',
    raw => {
      expect(lookupState(table, raw)).toBe('UNKNOWN');
    },
  );
});

describe('epochMsToIso', () => {
  it.each([
    ['1795714215340', '2026-11-26T17:30:15.340Z'],
    [1795714215340, '2026-11-26T17:30:15.340Z'],
    ['0', undefined],
    ['', undefined],
    ['soon', undefined],
  ])('reads %p as %p', (input, expected) => {
    expect(epochMsToIso(input)).toBe(expected);
  });
});

describe('jobSummary', () => {
  const base: JobSummary = {
    id: 'i',
    name: 'n',
    engine: 'ray',
    instance: 'c',
    kind: 'job',
    state: 'RUNNING',
    rawState: 'RUNNING',
    links: [],
  };

  it('drops absent times and derives the duration only from both', () => {
    expect(
      jobSummary({ ...base, startTime: undefined, endTime: undefined }),
    ).toStrictEqual(base);
    expect(
      jobSummary({
        ...base,
        startTime: '2026-01-01T00:00:00Z',
        endTime: '2026-01-01T00:01:00Z',
      }),
    ).toStrictEqual({
      ...base,
      startTime: '2026-01-01T00:00:00Z',
      endTime: '2026-01-01T00:01:00Z',
      durationMs: 60_000,
    });
  });
});
