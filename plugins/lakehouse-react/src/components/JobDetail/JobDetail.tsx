import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type {
  EngineKind,
  JobDetail as EngineJobDetail,
  JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import { useJob } from '../../hooks/useJob';
import type { PollingOptions } from '../../hooks/usePolling';
import { engineTitle, instanceTitle } from '../engines';
import { formatDuration, formatTime } from '../format';
import { JobControls } from '../JobControls';
import { JobLinks } from '../JobLinks';
import { HistoryMark } from '../JobsTable/jobColumns';
import { JobStateChip } from '../JobStateChip';
import { LoadingLabel } from '../LoadingLabel';
import { describeError, errorStatus } from '../describeError';
import { DetailList } from './DetailList';
import { CustomResourceDetail } from './CustomResourceDetail';
import { FlinkDetail } from './FlinkDetail';
import { HistoryDetail } from './HistoryDetail';
import { RayDetail } from './RayDetail';
import { SparkDetail } from './SparkDetail';

/** The only per-engine part of the detail view; jobs read from custom resources look the same for every engine. */
function EngineSection(props: { detail: EngineJobDetail }) {
  const { detail } = props;
  if (detail.source === 'kubernetes')
    return <CustomResourceDetail detail={detail} />;
  if (detail.source === 'history') return <HistoryDetail detail={detail} />;
  switch (detail.engine) {
    case 'spark':
      return <SparkDetail detail={detail} />;
    case 'flink':
      return <FlinkDetail detail={detail} />;
    case 'ray':
      return <RayDetail detail={detail} />;
    default:
      return null;
  }
}

/** The operators' one-off job kinds: what the portal submits, suspends, resumes and deletes. */
const JOB_KINDS = ['RayJob', 'SparkApplication', 'FlinkSessionJob'];

/**
 * The custom resource kind of a job read from Kubernetes, live or kept (`Kind:namespace:name` ids), or
 * undefined for an engine's own job; `null` for resources that are no jobs (clusters, deployments).
 */
function resourceKindOf(data: JobDetailResponse): string | undefined | null {
  const kind =
    data.detail.source === 'kubernetes'
      ? data.detail.resource.kind
      : /^([A-Za-z]+):[^:]+:[^:]+$/.exec(data.job.id)?.[1];
  if (!kind) return undefined;
  return JOB_KINDS.includes(kind) ? kind : null;
}

/**
 * A job's summary and engine-specific details, as returned by the backend.
 * @public
 */
export function JobDetailView(props: { data: JobDetailResponse }) {
  const { job, detail } = props.data;
  return (
    <Box>
      <Box display="flex" alignItems="center" gridGap={8} mb={1}>
        <Typography variant="h5">{job.name}</Typography>
        <JobStateChip
          state={job.state}
          rawState={job.rawState}
          engine={job.engine}
        />
        {job.fromHistory && <HistoryMark />}
      </Box>
      <DetailList
        label="Job summary"
        rows={[
          ['Id', <code key="id">{job.id}</code>],
          ['Engine', instanceTitle(job.engine, job.instance)],
          ['Kind', job.kind],
          ['Engine state', job.rawState],
          ['Started', formatTime(job.startTime)],
          ['Ended', job.endTime && formatTime(job.endTime)],
          [
            'Duration',
            job.durationMs !== undefined
              ? formatDuration(job.durationMs)
              : undefined,
          ],
          ['Links', job.links.length > 0 && <JobLinks links={job.links} />],
        ]}
      />
      <Box mt={2}>
        <EngineSection detail={detail} />
      </Box>
    </Box>
  );
}

/** @public */
export interface JobDetailProps {
  engine: EngineKind;
  instance: string;
  jobId: string;
  polling?: PollingOptions;
}

/**
 * Loads and shows one job's details, refreshed every 10 s.
 * @public
 */
export function JobDetail(props: JobDetailProps) {
  const { engine, instance, jobId, polling } = props;
  const { value, error, loading, retry } = useJob(
    engine,
    instance,
    jobId,
    polling,
  );
  const who = instanceTitle(engine, instance);
  const status = errorStatus(error);
  return (
    <Box>
      {loading && (
        <LoadingLabel label={`Loading ${engineTitle(engine)} job ${jobId}…`} />
      )}
      {error && (
        <WarningPanel
          severity={value ? 'warning' : 'error'}
          title={
            status === 404
              ? `${who} has no job '${jobId}'`
              : `Cannot load the details of ${engineTitle(
                  engine,
                )} job '${jobId}'`
          }
          defaultExpanded
        >
          <Typography variant="body2">
            {status === 404
              ? 'The engine may have dropped it from its history, or the id is wrong.'
              : describeError(error)}
            {value ? ' Showing the last details received.' : ''}
          </Typography>
        </WarningPanel>
      )}
      {/* Custom resources: the job kinds get their operator's controls; clusters and deployments none. */}
      {value && resourceKindOf(value) !== null && (
        <JobControls
          job={value.job}
          onChanged={retry}
          resourceKind={resourceKindOf(value) ?? undefined}
        />
      )}
      {value && <JobDetailView data={value} />}
    </Box>
  );
}
