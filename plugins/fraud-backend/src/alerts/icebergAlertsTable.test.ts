import { icebergAlertsTable } from './icebergAlertsTable';

describe('icebergAlertsTable', () => {
  it('unconfigured: the default table, which never exists, and no call', async () => {
    const source = icebergAlertsTable(undefined);
    expect(source.table).toBe('fraud.alerts');
    await expect(source.loadTable()).resolves.toBeUndefined();
    await expect(source.files.read('s3://warehouse/x')).rejects.toThrow(
      /not configured/,
    );
  });

  it('names the configured table as namespace.table', () => {
    const source = icebergAlertsTable({
      catalogUri: 'http://127.0.0.1:1/iceberg',
      warehouse: 'warehouse',
      namespace: ['fraud', 'live'],
      tableName: 'alerts',
      refreshIntervalMs: 10_000,
      timeoutMs: 1_000,
      refreshTimeoutMs: 5_000,
      objectStore: {
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        forcePathStyle: true,
        maxObjectBytes: 1024,
      },
    });
    expect(source.table).toBe('fraud.live.alerts');
  });
});
