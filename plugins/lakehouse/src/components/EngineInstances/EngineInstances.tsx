import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { EmptyState, WarningPanel } from '@backstage/core-components';
import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import type { EngineKind, JobSummary } from '@internal/plugin-lakehouse-common';
import {
  ClusterSummaryCard,
  EngineErrorPanel,
  EngineInstanceSummary,
  JobsTable,
  LoadingLabel,
  describeError,
  engineTitle,
  useEngines,
} from '@internal/plugin-lakehouse-react';
import { JobDrawer } from '../JobDrawer';

/** @public */
export interface EngineInstancesProps {
  engine: EngineKind;
  /** Only these instances; all of the engine's instances when absent. */
  instances?: string[];
  /** Smaller job pages, for entity overview cards. */
  compact?: boolean;
}

/** Page sizes of the job tables; the first one is also asked of `GET /engines` (`firstJobs`). */
const PAGE_SIZES = [10, 25, 50, 100];
const COMPACT_PAGE_SIZES = [5, 10, 25];

/** One instance: its error (over its last good data), cluster summary and jobs, in one card. */
function EngineInstancePanel(props: {
  summary: EngineInstanceSummary;
  pageSizes: number[];
  onSelectJob: (job: JobSummary) => void;
}) {
  const { summary, pageSizes, onSelectJob } = props;
  return (
    <ClusterSummaryCard
      summary={summary}
      alert={
        summary.error && (
          <Box mb={2}>
            <EngineErrorPanel
              engine={summary.engine}
              instance={summary.instance}
              error={summary.error}
              failedAt={summary.failedAt}
              lastGoodAgeMs={summary.ageMs}
              hasData={Boolean(summary.cluster)}
            />
          </Box>
        )
      }
    >
      <JobsTable
        engine={summary.engine}
        instance={summary.instance}
        onSelectJob={onSelectJob}
        pageSizeOptions={pageSizes}
        initialPage={summary.firstJobs}
      />
    </ClusterSummaryCard>
  );
}

/**
 * Every configured instance of one engine, each with cluster summary,
 * freshness, poll error and jobs; a job opens in a drawer (`?instance=&job=`
 * in the URL, so it can be shared). One instance failing does not hide the
 * others.
 * @public
 */
export function EngineInstances(props: EngineInstancesProps) {
  const { engine, instances, compact } = props;
  const title = engineTitle(engine);
  const pageSizes = compact ? COMPACT_PAGE_SIZES : PAGE_SIZES;
  // The tables' first pages come with the instances: one request, not one more per instance.
  const { value, error, loading, retry } = useEngines(undefined, {
    engine,
    firstJobs: pageSizes[0],
  });
  const [params, setParams] = useAppSearchParams();
  const selectedInstance = params.get('instance');
  const selectedJob = params.get('job');

  const selectJob = (job: JobSummary) =>
    setParams(prev => {
      const next = new URLSearchParams(prev);
      next.set('instance', job.instance);
      next.set('job', job.id);
      return next;
    });
  const closeJob = () =>
    setParams(prev => {
      const next = new URLSearchParams(prev);
      next.delete('instance');
      next.delete('job');
      return next;
    });

  const shown = (value ?? []).filter(
    s => s.engine === engine && (!instances || instances.includes(s.instance)),
  );

  return (
    <Box>
      {loading && <LoadingLabel label={`Loading ${title} instances…`} />}
      {error && (
        <WarningPanel
          severity="error"
          title={`Cannot load the ${title} instances from the lakehouse backend`}
          defaultExpanded
        >
          <Typography variant="body2">
            {describeError(error)}
            {value
              ? ' Showing the last answer received.'
              : ' Check that the lakehouse backend plugin is running; this page retries every 10 s.'}
          </Typography>
          <Link component="button" variant="body2" onClick={retry}>
            Retry now
          </Link>
        </WarningPanel>
      )}
      {value && shown.length === 0 && (
        <EmptyState
          missing="data"
          title={
            instances
              ? `No ${title} instance named ${instances
                  .map(i => `'${i}'`)
                  .join(', ')} is configured`
              : `No ${title} instance is configured`
          }
          description={`Engine instances are configured in app-config.yaml under lakehouse.engines.${engine}[] (name, url).`}
        />
      )}
      <Grid container spacing={2}>
        {shown.map(summary => (
          <Grid item xs={12} key={summary.instance}>
            <EngineInstancePanel
              summary={summary}
              pageSizes={pageSizes}
              onSelectJob={selectJob}
            />
          </Grid>
        ))}
      </Grid>
      {selectedInstance && selectedJob && (
        <JobDrawer
          engine={engine}
          instance={selectedInstance}
          jobId={selectedJob}
          onClose={closeJob}
        />
      )}
    </Box>
  );
}
