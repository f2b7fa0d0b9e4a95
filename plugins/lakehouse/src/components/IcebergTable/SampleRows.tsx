import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { lakehouseApiRef, usePolling } from '@internal/plugin-lakehouse-react';
import type { TableRowsResponse } from '@internal/plugin-lakehouse-common';
import { useState } from 'react';
import { LoadState } from '../common/LoadState';
import { SimpleTable } from '../common/SimpleTable';

const SAMPLE_ROWS = 20;

/**
 * The first rows of the current snapshot, read only when asked (it reads data files, and needs
 * `lakehouse.table.read-data`, which the table's owners are given).
 */
export function SampleRows(props: { table: string; refName?: string }) {
  const { table, refName } = props;
  const api = useApi(lakehouseApiRef);
  const [asked, setAsked] = useState(false);
  const rows = usePolling(
    async () =>
      asked
        ? api.getTableRows(table, { ref: refName, limit: SAMPLE_ROWS })
        : undefined,
    [api, table, refName, asked],
    { intervalMs: 0 },
  );
  return (
    <InfoCard title="Sample rows">
      {!asked ? (
        <>
          <Typography variant="body2" paragraph>
            Reads the first {SAMPLE_ROWS} rows of the current snapshot from its
            data files. Reading a table's data is allowed to its owners and
            admins, and every read is audited.
          </Typography>
          <Button
            variant="outlined"
            color="primary"
            onClick={() => setAsked(true)}
          >
            Show sample rows
          </Button>
        </>
      ) : (
        <LoadState
          state={rows}
          waitingFor={`Reading the first ${SAMPLE_ROWS} rows of ${table}…`}
          failure="Could not show sample rows"
        >
          {value =>
            value && (
              <>
                <div style={{ overflowX: 'auto' }}>
                  <SimpleTable<TableRowsResponse['rows'][number]>
                    label="Sample rows"
                    rows={value.rows}
                    rowKey={(_, i) => String(i)}
                    empty="The table has no rows."
                    columns={value.columns.map(c => ({
                      title: c,
                      render: row =>
                        row[c] === null ? <em>null</em> : String(row[c]),
                    }))}
                  />
                </div>
                {value.truncated && (
                  <Typography variant="caption" color="textSecondary">
                    The first {value.rows.length} rows of snapshot{' '}
                    {value.snapshotId}; the table has more.
                  </Typography>
                )}
              </>
            )
          }
        </LoadState>
      )}
    </InfoCard>
  );
}
