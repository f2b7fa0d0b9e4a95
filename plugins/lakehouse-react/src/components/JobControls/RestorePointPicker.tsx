import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import useAsync from 'react-use/esm/useAsync';
import { lakehouseApiRef } from '../../api/LakehouseApi';
import { describeError } from '../describeError';
import { formatTime } from '../format';
import { LoadingLabel } from '../LoadingLabel';

const FRESH = '';

/** A Flink rerun's start: fresh, or one of the job's savepoints or retained checkpoints. */
export function RestorePointPicker(props: {
  job: JobSummary;
  value?: string;
  onChange(path: string | undefined): void;
}) {
  const { job, value, onChange } = props;
  const api = useApi(lakehouseApiRef);
  const points = useAsync(
    () => api.getRestorePoints(job.engine, job.instance, job.id),
    [api, job.engine, job.instance, job.id],
  );
  if (points.loading) {
    return (
      <LoadingLabel label="Loading the job's savepoints and checkpoints…" />
    );
  }
  return (
    <>
      {points.error && (
        <Typography variant="body2" color="error">
          Cannot list the job's restore points: {describeError(points.error)}
        </Typography>
      )}
      {points.value?.message && (
        <Typography variant="body2" color="textSecondary">
          {points.value.message}
        </Typography>
      )}
      <RadioGroup
        aria-label="Start from"
        value={value ?? FRESH}
        onChange={e => onChange(e.target.value || undefined)}
      >
        <FormControlLabel
          value={FRESH}
          control={<Radio />}
          label="A fresh start (no state)"
        />
        {points.value?.points.map(p => (
          <FormControlLabel
            key={p.path}
            value={p.path}
            control={<Radio />}
            label={`${p.latest ? 'Latest ' : ''}${p.kind}${
              p.completedAt ? ` of ${formatTime(p.completedAt)}` : ''
            }: ${p.path}`}
          />
        ))}
      </RadioGroup>
    </>
  );
}
