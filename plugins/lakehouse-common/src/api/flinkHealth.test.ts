import { flinkJobHealth } from './flinkHealth';
import type { FlinkJobDetail, FlinkVertex } from './jobDetail';

const vertex = (v: Partial<FlinkVertex>): FlinkVertex => ({
  id: 'v',
  name: 'Source',
  parallelism: 1,
  status: 'RUNNING',
  durationMs: 1,
  ...v,
});

const detail = (d: Partial<FlinkJobDetail>): FlinkJobDetail => ({
  source: 'rest',
  engine: 'flink',
  vertices: [],
  checkpoints: null,
  exceptions: [],
  sectionErrors: [],
  ...d,
});

describe('flinkJobHealth', () => {
  it('reads records, watermark, checkpoints and the worst backpressure', () => {
    expect(
      flinkJobHealth(
        detail({
          vertices: [
            vertex({ backpressure: 'ok' }),
            vertex({ backpressure: 'high' }),
            vertex({ backpressure: 'low' }),
            vertex({}),
          ],
          records: { in: 2960, out: 1 },
          watermark: '2026-11-26T23:37:34.443Z',
          checkpoints: {
            total: 3,
            inProgress: 0,
            completed: 2,
            failed: 1,
            latestCompletedId: 2,
            latestCompletedAt: '2026-11-26T23:38:08Z',
          },
        }),
      ),
    ).toEqual({
      records: { in: 2960, out: 1 },
      watermark: '2026-11-26T23:37:34.443Z',
      latestCheckpointAt: '2026-11-26T23:38:08Z',
      failedCheckpoints: 1,
      backpressure: 'high',
    });
  });

  it('leaves out what Flink has not reported', () => {
    expect(
      flinkJobHealth(
        detail({
          vertices: [vertex({ backpressure: undefined })],
          watermark: null,
        }),
      ),
    ).toEqual({});
  });
});
