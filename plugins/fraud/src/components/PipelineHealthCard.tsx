import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { FraudAlertStreamStatus } from '@internal/plugin-fraud-common';
import {
  flinkJobHealth,
  isRestJobDetail,
} from '@internal/plugin-lakehouse-common';
import {
  DetailList,
  JobStateChip,
  formatAge,
  formatTime,
  useJob,
  useJobs,
} from '@internal/plugin-lakehouse-react';
import type { JobsPage } from '@internal/plugin-lakehouse-react';

type JobSummary = JobsPage['items'][number];

const ago = (iso: string) =>
  `${formatTime(iso)} (${formatAge(Date.now() - Date.parse(iso))} ago)`;

/** The running detector's flow, read from Flink through the lakehouse status API. */
function RunningJobRows(props: { job: JobSummary }) {
  const { job } = props;
  const { value, error } = useJob(job.engine, job.instance, job.id);
  if (!value)
    return (
      <Typography variant="body2" color="textSecondary">
        {error
          ? `Flink job details unavailable: ${error.message}`
          : 'Reading the job from Flink…'}
      </Typography>
    );
  if (!isRestJobDetail(value.detail, 'flink'))
    return (
      <Typography variant="body2" color="textSecondary">
        The detector's job was not read from Flink's REST API: no flow figures.
      </Typography>
    );
  const health = flinkJobHealth(value.detail);
  return (
    <DetailList
      label="Flink job health"
      rows={[
        [
          'Last checkpoint',
          health.latestCheckpointAt
            ? ago(health.latestCheckpointAt)
            : 'none yet (alerts are committed on checkpoints)',
        ],
        ['Events read', health.records?.in.toLocaleString() ?? '—'],
        ['Alerts written', health.records?.out.toLocaleString() ?? '—'],
        [
          'Event-time lag',
          health.watermark
            ? `${formatAge(
                Date.now() - Date.parse(health.watermark),
              )} (windows closed up to ${formatTime(health.watermark)})`
            : 'no watermark yet (waiting for events)',
        ],
        ['Backpressure', health.backpressure ?? '—'],
      ]}
    />
  );
}

/**
 * The detector's health: its Flink job's state, last checkpoint, records in
 * and out and how far event time lags the clock, and the alerts table's last
 * commit.
 */
/** Why no job of the pipeline shows: Flink unreadable, not running, or not read yet. */
function noJobText(error: Error | undefined, read: boolean): string {
  if (error) return `Flink status unavailable (${error.message})`;
  if (read)
    return 'not running: ./portal start submits it on the local platform';
  return 'reading Flink status…';
}

export function PipelineHealthCard(props: {
  jobName: string;
  lastCommitAt?: string;
  stream?: FraudAlertStreamStatus;
}) {
  const { stream } = props;
  const { value, error } = useJobs({
    engine: 'flink',
    q: props.jobName,
    limit: 20,
  });
  const named = (value?.items ?? []).filter(j => j.name === props.jobName);
  const job = named.find(j => j.state === 'RUNNING') ?? named[0];
  return (
    <InfoCard title="Pipeline health">
      <Typography variant="body2" component="div" gutterBottom>
        Flink job <code>{props.jobName}</code>:{' '}
        {job ? (
          <JobStateChip state={job.state} rawState={job.rawState} />
        ) : (
          noJobText(error, value !== undefined)
        )}
      </Typography>
      {job?.state === 'RUNNING' && <RunningJobRows job={job} />}
      <DetailList
        label="Alerts table"
        rows={[
          [
            'Last commit to the alerts table',
            props.lastCommitAt ? ago(props.lastCommitAt) : 'none yet',
          ],
        ]}
      />
      {stream && (
        <DetailList
          label="Alert stream"
          rows={[
            [
              `Kafka topic ${stream.topic}`,
              stream.state === 'connected'
                ? 'connected: alerts show as the detector emits them'
                : stream.message ?? 'connecting…',
            ],
            [
              'Last streamed alert',
              stream.lastAlertAt ? ago(stream.lastAlertAt) : 'none yet',
            ],
            ['Streamed, not yet in the table', String(stream.pending)],
          ]}
        />
      )}
    </InfoCard>
  );
}
