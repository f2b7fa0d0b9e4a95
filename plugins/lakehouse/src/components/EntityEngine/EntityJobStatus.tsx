import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import type { EngineKind, JobSummary } from '@internal/plugin-lakehouse-common';
import {
  EngineErrorPanel,
  JobDetail,
  JobLinks,
  JobStateChip,
  LoadingLabel,
  describeError,
  engineTitle,
  instanceTitle,
  useJobs,
} from '@internal/plugin-lakehouse-react';
import { useState } from 'react';

/** How many of the most recent runs of a named job are listed. */
const RUNS_SHOWN = 5;

export interface EntityJobStatusProps {
  engine: EngineKind;
  instance?: string;
  jobId?: string;
  jobName?: string;
  variant: 'card' | 'content';
}

function timeText(job: JobSummary) {
  return job.startTime
    ? `started ${new Date(job.startTime).toLocaleString()}`
    : 'not started';
}

/**
 * The job an entity names, found by `lakehouse.io/job-id` (exact id) or by
 * `lakehouse.io/job-name` (exact name, newest run first), with its state and,
 * in the content variant, its engine details.
 */
export function EntityJobStatus(props: EntityJobStatusProps) {
  const { engine, instance, jobId, jobName, variant } = props;
  const [selected, setSelected] = useState<string | undefined>();
  const needle = jobId ?? jobName ?? '';
  const { value, error, loading } = useJobs({
    engine,
    instance,
    q: needle,
    limit: 100,
  });
  const runs = (value?.items ?? []).filter(j =>
    jobId ? j.id === jobId : j.name === jobName,
  );
  const current =
    runs.find(j => `${j.instance}/${j.id}` === selected) ?? runs[0];
  const where = instance
    ? instanceTitle(engine, instance)
    : `any ${engineTitle(engine)} instance`;
  const what = jobId ? `job id '${jobId}'` : `job named '${jobName}'`;

  const body = (
    <Box>
      {loading && (
        <LoadingLabel label={`Loading ${engineTitle(engine)} ${what}…`} />
      )}
      {error && (
        <WarningPanel
          severity="error"
          title={`Cannot load ${engineTitle(
            engine,
          )} jobs from the lakehouse backend`}
          defaultExpanded
        >
          <Typography variant="body2">{describeError(error)}</Typography>
        </WarningPanel>
      )}
      {value?.errors.map(e =>
        e.error ? (
          <Box mb={1} key={`${e.engine}/${e.instance}`}>
            <EngineErrorPanel
              engine={e.engine}
              instance={e.instance}
              error={e.error}
              lastGoodAgeMs={e.ageMs}
              hasData={e.ageMs !== undefined}
            />
          </Box>
        ) : null,
      )}
      {value && !current && (
        <Typography variant="body2">
          No {what} on {where}. The engine may not have run it yet, or has
          dropped it from its history.
        </Typography>
      )}
      {current && variant === 'card' && (
        <Box>
          <Box display="flex" alignItems="center" gridGap={8}>
            <Typography variant="subtitle1">{current.name}</Typography>
            <JobStateChip
              state={current.state}
              rawState={current.rawState}
              engine={engine}
            />
          </Box>
          <Typography variant="body2" color="textSecondary">
            {instanceTitle(engine, current.instance)} ·{' '}
            <code>{current.id}</code> · {timeText(current)}
          </Typography>
          <JobLinks links={current.links} />
        </Box>
      )}
      {runs.length > 1 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Recent runs</Typography>
          <List dense aria-label="Recent runs">
            {runs.slice(0, RUNS_SHOWN).map(run => (
              <ListItem
                key={`${run.instance}/${run.id}`}
                button
                selected={run === current}
                onClick={() => setSelected(`${run.instance}/${run.id}`)}
              >
                <Box display="flex" alignItems="center" gridGap={8}>
                  <JobStateChip
                    state={run.state}
                    rawState={run.rawState}
                    engine={engine}
                  />
                  <Typography variant="body2">
                    <code>{run.id}</code> · {timeText(run)}
                  </Typography>
                </Box>
              </ListItem>
            ))}
          </List>
        </Box>
      )}
      {current && variant === 'content' && (
        <Box mt={2}>
          <JobDetail
            engine={engine}
            instance={current.instance}
            jobId={current.id}
          />
        </Box>
      )}
    </Box>
  );

  return variant === 'card' ? (
    <InfoCard title={`${engineTitle(engine)} job`}>{body}</InfoCard>
  ) : (
    body
  );
}
