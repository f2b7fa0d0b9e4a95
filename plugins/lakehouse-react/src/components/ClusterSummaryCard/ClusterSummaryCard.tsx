import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { JOB_STATES, ResourceUsage } from '@internal/plugin-lakehouse-common';
import type { EngineInstanceSummary } from '../../api/LakehouseApi';
import { engineInfo, instanceTitle } from '../engines';
import { FreshnessLabel } from '../FreshnessLabel';
import { JOB_STATE_STYLES } from '../JobStateChip';
import { formatBytes } from '../format';

/** @public */
export interface ClusterSummaryCardProps {
  summary: EngineInstanceSummary;
  /** Shown above the summary, e.g. an {@link EngineErrorPanel}. */
  alert?: ReactNode;
  /** Shown below the summary, e.g. a {@link JobsTable}. */
  children?: ReactNode;
}

function Row(props: { label: string; value: string }) {
  return (
    <Box display="flex" justifyContent="space-between" py={0.5}>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="body2">{props.value}</Typography>
    </Box>
  );
}

const used = (u: ResourceUsage, unit: string, fmt = (n: number) => String(n)) =>
  `${fmt(u.used)} / ${fmt(u.total)}${unit} used`;

/**
 * Capacity and job counts of one engine instance, with the age of the data;
 * `alert` and `children` let callers put the error and the jobs in the same card.
 * @public
 */
export function ClusterSummaryCard(props: ClusterSummaryCardProps) {
  const { engine, instance, cluster, jobCounts, services, ageMs, fetchedAt } =
    props.summary;
  return (
    <InfoCard
      title={instanceTitle(engine, instance)}
      subheader={
        <span>
          <FreshnessLabel ageMs={ageMs} fetchedAt={fetchedAt} />
          {cluster?.version ? ` · version ${cluster.version}` : ''}
        </span>
      }
    >
      {props.alert}
      {!cluster ? (
        <Typography variant="body2" color="textSecondary">
          No cluster data from this instance yet.
        </Typography>
      ) : (
        <>
          <Row
            label={engineInfo(engine).nodes}
            value={`${cluster.nodes.alive} / ${cluster.nodes.total} alive`}
          />
          {cluster.cpu && (
            <Row
              label={engine === 'ray' ? 'CPUs' : 'Cores'}
              value={used(cluster.cpu, '')}
            />
          )}
          {cluster.slots && (
            <Row label="Task slots" value={used(cluster.slots, '')} />
          )}
          {cluster.memoryBytes && (
            <Row
              label="Memory"
              value={used(cluster.memoryBytes, '', formatBytes)}
            />
          )}
        </>
      )}
      {jobCounts && (
        <Box
          display="flex"
          flexWrap="wrap"
          gridGap={4}
          mt={1}
          aria-label="Jobs per state"
        >
          {JOB_STATES.filter(s => jobCounts[s] > 0).map(s => (
            <Chip
              key={s}
              size="small"
              variant="outlined"
              style={{ borderColor: JOB_STATE_STYLES[s].color }}
              label={`${JOB_STATE_STYLES[s].label}: ${jobCounts[s]}`}
            />
          ))}
          {JOB_STATES.every(s => !jobCounts[s]) && (
            <Typography variant="body2" color="textSecondary">
              No jobs
            </Typography>
          )}
        </Box>
      )}
      {services && services.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Services</Typography>
          {services.map(s => (
            <Row
              key={s.name}
              label={`${s.name}${s.routePrefix ? ` (${s.routePrefix})` : ''}`}
              value={s.rawStatus}
            />
          ))}
        </Box>
      )}
      {props.children && <Box mt={2}>{props.children}</Box>}
    </InfoCard>
  );
}
