import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  NessieRefsResponse,
  TableDiffResponse,
  TableField,
} from '@internal/plugin-lakehouse-common';
import { lakehouseApiRef, usePolling } from '@internal/plugin-lakehouse-react';
import { useState } from 'react';
import { formatCount, formatMs } from '../common/format';
import { LoadState } from '../common/LoadState';
import { RefPicker } from './RefPicker';
import { SimpleTable } from '../common/SimpleTable';

const fieldText = (f: TableField) =>
  `${f.name}: ${f.type}${f.required ? ' (required)' : ''}`;

function DiffView(props: { diff: TableDiffResponse }) {
  const { diff } = props;
  const { from, to } = diff;
  if (diff.identical) {
    return (
      <Typography variant="body2">
        The table is the same on {from.ref} and {to.ref}.
      </Typography>
    );
  }
  if (!from.exists || !to.exists) {
    return (
      <Typography variant="body2">
        The table exists only on {from.exists ? from.ref : to.ref}.
      </Typography>
    );
  }
  const columnRows = [
    ...diff.columns.added.map(f => ({
      change: 'added',
      text: fieldText(f),
      id: f.id,
    })),
    ...diff.columns.removed.map(f => ({
      change: 'removed',
      text: fieldText(f),
      id: f.id,
    })),
    ...diff.columns.changed.map(c => ({
      change: 'changed',
      text: `${fieldText(c.before)} → ${fieldText(c.after)}`,
      id: c.after.id,
    })),
  ];
  return (
    <>
      <Typography variant="body2" gutterBottom>
        Records: {formatCount(from.size?.records)} on {from.ref},{' '}
        {formatCount(to.size?.records)} on {to.ref}.
      </Typography>
      <SimpleTable
        label="Column changes"
        rows={columnRows}
        rowKey={r => `${r.change}-${r.id}`}
        empty="Same columns."
        columns={[
          { title: `Column (${from.ref} → ${to.ref})`, render: r => r.text },
          { title: 'Change', render: r => r.change },
        ]}
      />
      <br />
      <SimpleTable
        label="Property changes"
        rows={diff.properties}
        rowKey={p => p.key}
        empty="Same properties."
        columns={[
          { title: 'Property', render: p => p.key },
          { title: from.ref, render: p => p.before ?? '—' },
          { title: to.ref, render: p => p.after ?? '—' },
        ]}
      />
      <br />
      <SimpleTable
        label="Snapshot changes"
        rows={[
          ...diff.snapshots.onlyInTo.map(s => ({ ...s, on: to.ref })),
          ...diff.snapshots.onlyInFrom.map(s => ({ ...s, on: from.ref })),
        ]}
        rowKey={s => s.id}
        empty="Same snapshots."
        columns={[
          { title: 'Only on', render: s => s.on },
          { title: 'Committed', render: s => formatMs(s.timestampMs) },
          { title: 'Operation', render: s => s.operation },
          { title: 'Added records', render: s => formatCount(s.addedRecords) },
        ]}
      />
    </>
  );
}

/** The table on the chosen ref against another branch or tag. */
export function TableDiffCard(props: {
  table: string;
  refName: string;
  refs?: NessieRefsResponse;
}) {
  const { table, refName, refs } = props;
  const api = useApi(lakehouseApiRef);
  const [other, setOther] = useState('');
  const diff = usePolling(
    async () => (other ? api.getTableDiff(table, other, refName) : undefined),
    [api, table, other, refName],
    { intervalMs: 0 },
  );
  return (
    <InfoCard title="Compare branches and tags">
      <RefPicker
        label="Compare with"
        refs={refs}
        value={other}
        onChange={setOther}
        noneLabel="Choose a branch or tag"
      />
      <br />
      <br />
      {other && (
        <LoadState
          state={diff}
          waitingFor={`Comparing ${table} on ${other} and ${refName}…`}
          failure="Could not compare"
        >
          {value => value && <DiffView diff={value} />}
        </LoadState>
      )}
    </InfoCard>
  );
}
