import { flinkJobHealth } from './flinkHealth';

describe('flinkJobHealth', () => {
  it('reads records, watermark, checkpoints and the worst backpressure', () => {
    expect(
      flinkJobHealth({
        vertices: [
          { backpressure: 'ok' },
          { backpressure: 'high' },
          { backpressure: 'low' },
          {},
        ],
        records: { in: 2960, out: 1 },
        watermark: '2026-11-26T23:37:34.443Z',
        checkpoints: { failed: 1, latestCompletedAt: '2026-11-26T23:38:08Z' },
      }),
    ).toEqual({
      records: { in: 2960, out: 1 },
      watermark: '2026-11-26T23:37:34.443Z',
      latestCheckpointAt: '2026-11-26T23:38:08Z',
      failedCheckpoints: 1,
      backpressure: 'high',
    });
  });

  it('leaves out what is missing or malformed', () => {
    expect(
      flinkJobHealth({
        vertices: [{ backpressure: 'extreme' }],
        records: { in: '12', out: 3 },
        watermark: 1795736254443,
        checkpoints: null,
      }),
    ).toEqual({});
    expect(flinkJobHealth(undefined)).toEqual({});
  });
});
