import { InfoCard } from '@backstage/core-components';
import type { TableDetailResponse } from '@internal/plugin-lakehouse-common';
import { DetailList } from '@internal/plugin-lakehouse-react';
import { formatBytes, formatCount, formatMs } from '../common/format';
import { SimpleTable } from '../common/SimpleTable';

/** Size, location and identity of the table at the chosen ref. */
export function TableOverview(props: { detail: TableDetailResponse }) {
  const { detail } = props;
  return (
    <InfoCard title="Table">
      <DetailList
        label="Table overview"
        rows={[
          ['Table', detail.table],
          ['Branch or tag', detail.ref],
          [
            'Records',
            detail.size ? formatCount(detail.size.records) : 'no snapshot yet',
          ],
          ['Data files', detail.size && formatCount(detail.size.dataFiles)],
          ['Size', detail.size && formatBytes(detail.size.bytes)],
          ['Current snapshot', detail.currentSnapshotId],
          ['Last updated', formatMs(detail.lastUpdatedMs)],
          ['Location', detail.location],
          ['Format version', String(detail.formatVersion)],
          ['Table UUID', detail.uuid],
        ]}
      />
    </InfoCard>
  );
}

/** How the table's files are laid out: partition spec and sort order. */
export function TableLayout(props: { detail: TableDetailResponse }) {
  const { partitionSpec, sortOrder } = props.detail;
  return (
    <InfoCard title="Partitioning and sort order">
      <SimpleTable
        label="Partition spec"
        rows={partitionSpec}
        rowKey={p => p.name}
        empty="Not partitioned."
        columns={[
          { title: 'Partition field', render: p => p.name },
          { title: 'Source column', render: p => p.source },
          { title: 'Transform', render: p => p.transform },
        ]}
      />
      <br />
      <SimpleTable
        label="Sort order"
        rows={sortOrder}
        rowKey={(s, i) => `${s.source}-${i}`}
        empty="No sort order."
        columns={[
          { title: 'Sorted by', render: s => s.source },
          { title: 'Transform', render: s => s.transform },
          { title: 'Direction', render: s => `${s.direction}, ${s.nullOrder}` },
        ]}
      />
    </InfoCard>
  );
}

export function TableProperties(props: { detail: TableDetailResponse }) {
  const entries = Object.entries(props.detail.properties).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <InfoCard title="Properties">
      <SimpleTable
        label="Table properties"
        rows={entries}
        rowKey={([key]) => key}
        empty="No properties."
        columns={[
          { title: 'Property', render: ([key]) => key },
          { title: 'Value', render: ([, value]) => value },
        ]}
      />
    </InfoCard>
  );
}
