import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type {
  TableCommitsResponse,
  TableHistoryEntry,
} from '@internal/plugin-lakehouse-common';
import {
  formatTime,
  lakehouseApiRef,
  type PolledState,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import { useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount, formatMs } from '../common/format';
import { LoadState } from '../common/LoadState';
import { SimpleTable } from '../common/SimpleTable';

/** Commits read per page (each with its snapshot, from the table's metadata). */
export const TABLE_HISTORY_COMMITS = 100;
/** Rows shown before "Show all": a long history is a chart first. */
const FIRST_ROWS = 25;

const signed = (added?: number, deleted?: number) =>
  added === undefined && deleted === undefined
    ? '—'
    : `+${formatCount(added ?? 0)} / −${formatCount(deleted ?? 0)}`;

function RecordsChart(props: { commits: TableHistoryEntry[] }) {
  const points = props.commits
    .filter(c => c.snapshot?.totalRecords !== undefined)
    .map(c => ({ time: Date.parse(c.time), records: c.snapshot!.totalRecords }))
    .reverse();
  if (points.length < 2) return null;
  return (
    <div style={{ width: '100%', height: 220 }} aria-label="Records over time">
      <ResponsiveContainer>
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={t => new Date(t).toLocaleTimeString()}
            minTickGap={32}
          />
          <YAxis allowDecimals={false} />
          <Tooltip labelFormatter={t => formatMs(Number(t))} />
          <Line
            type="stepAfter"
            dataKey="records"
            name="Records"
            stroke="#1976d2"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * The table's commits on a ref, read as the page opens: beside the table's detail, not after it.
 */
export function useTableHistory(table: string, refName?: string) {
  const api = useApi(lakehouseApiRef);
  return usePolling(
    () =>
      api.getTableCommits(table, {
        ref: refName,
        limit: TABLE_HISTORY_COMMITS,
      }),
    [api, table, refName],
    { intervalMs: 0 },
  );
}

/**
 * The table's history on the chosen ref: the Nessie commits that changed it, newest first, each with
 * the snapshot it made (operation, records and files added and deleted, total records).
 */
export function TableHistory(props: {
  table: string;
  history: PolledState<TableCommitsResponse>;
}) {
  const { table, history } = props;
  const [all, setAll] = useState(false);
  return (
    <InfoCard
      title="Snapshot timeline"
      subheader={
        history.value &&
        `${
          history.value.hasMore ? `the newest ${TABLE_HISTORY_COMMITS} ` : ''
        }Nessie commits of ${table} on ${history.value.ref}, newest first`
      }
    >
      <LoadState
        state={history}
        waitingFor={`Loading the commits and snapshots of ${table}…`}
        failure="Could not read the table's history"
      >
        {value => (
          <>
            <RecordsChart commits={value.commits} />
            {value.snapshotError && (
              <Typography variant="caption" color="error" component="p">
                {value.snapshotError}
              </Typography>
            )}
            <SimpleTable
              label="Commits"
              rows={all ? value.commits : value.commits.slice(0, FIRST_ROWS)}
              rowKey={c => c.hash}
              empty="No commit on this branch changed the table."
              columns={[
                { title: 'Committed', render: c => formatTime(c.time) },
                { title: 'Author', render: c => c.author || '—' },
                { title: 'Message', render: c => c.message },
                {
                  title: 'Operation',
                  render: c =>
                    c.dropped ? 'drop' : c.snapshot?.operation ?? '—',
                },
                {
                  title: 'Records (added / deleted)',
                  render: c =>
                    signed(
                      c.snapshot?.addedRecords,
                      c.snapshot?.deletedRecords,
                    ),
                },
                {
                  title: 'Files (added / deleted)',
                  render: c =>
                    signed(c.snapshot?.addedFiles, c.snapshot?.deletedFiles),
                },
                {
                  title: 'Total records',
                  align: 'right',
                  render: c => formatCount(c.snapshot?.totalRecords),
                },
                {
                  title: 'Snapshot',
                  render: c =>
                    c.snapshot ? <code>{c.snapshot.id}</code> : '—',
                },
                {
                  title: 'Commit',
                  render: c => <code>{c.hash.slice(0, 12)}</code>,
                },
              ]}
            />
            {!all && value.commits.length > FIRST_ROWS && (
              <Button size="small" onClick={() => setAll(true)}>
                Show all {value.commits.length} commits
              </Button>
            )}
          </>
        )}
      </LoadState>
    </InfoCard>
  );
}
