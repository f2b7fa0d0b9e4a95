import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import {
  formatTime,
  lakehouseApiRef,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import { LoadState } from '../common/LoadState';
import { SimpleTable } from '../common/SimpleTable';

/** The Nessie tab of the Data platform page: every branch and tag with its latest commit. */
export function NessieRefs() {
  const api = useApi(lakehouseApiRef);
  const refs = usePolling(() => api.getNessieRefs(), [api]);
  return (
    <Box p={3}>
      <InfoCard
        title="Nessie branches and tags"
        subheader={refs.value && `default branch: ${refs.value.defaultBranch}`}
      >
        <LoadState
          state={refs}
          waitingFor="Loading branches and tags from Nessie…"
          failure="Could not read Nessie"
        >
          {value => (
            <SimpleTable
              label="Branches and tags"
              rows={value.references}
              rowKey={r => r.name}
              empty="Nessie has no branches or tags."
              columns={[
                {
                  title: 'Name',
                  render: r =>
                    r.name === value.defaultBranch ? (
                      <strong>{r.name} (default)</strong>
                    ) : (
                      r.name
                    ),
                },
                {
                  title: 'Type',
                  render: r => (r.type === 'TAG' ? 'tag' : 'branch'),
                },
                {
                  title: 'Ahead / behind',
                  render: r =>
                    r.commitsAhead === undefined
                      ? '—'
                      : `${r.commitsAhead} / ${r.commitsBehind ?? 0}`,
                },
                {
                  title: 'Latest commit',
                  render: r => r.latest?.message ?? '—',
                },
                { title: 'Author', render: r => r.latest?.author || '—' },
                { title: 'Time', render: r => formatTime(r.latest?.time) },
                {
                  title: 'Hash',
                  render: r => <code>{r.hash.slice(0, 12)}</code>,
                },
              ]}
            />
          )}
        </LoadState>
      </InfoCard>
    </Box>
  );
}
