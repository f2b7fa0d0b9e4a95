import { InfoCard } from '@backstage/core-components';
import {
  describeError,
  LoadingLabel,
  type PolledState,
} from '@internal/plugin-lakehouse-react';
import type { ModelVersionsResponse } from '@internal/plugin-recommender-common';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { lift, metric } from './format';

/** One figure of the promoted version beside the baseline's. */
function Tile(props: {
  title: string;
  model: number | null;
  baseline?: number | null;
  /** Shown instead of the baseline when there is none. */
  note?: string;
}) {
  const times = lift(props.model, props.baseline);
  return (
    <Paper variant="outlined" style={{ padding: 12, height: '100%' }}>
      <Typography variant="overline" component="div">
        {props.title}
      </Typography>
      <Typography variant="h5" aria-label={props.title}>
        {metric(props.model)}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.baseline !== undefined
          ? `baseline ${metric(props.baseline)}${times ? ` · ${times}` : ''}`
          : props.note}
      </Typography>
    </Paper>
  );
}

/**
 * How accurate the versions are: precision@10 of each ready version against the popularity
 * baseline's on the same held-out events (oldest to newest), and the promoted version's figures.
 */
export function AccuracyCard(props: {
  versions: PolledState<ModelVersionsResponse>;
}) {
  const { value, error, loading } = props.versions;
  const ready = (value?.versions ?? [])
    .filter(v => v.status === 'ready' && v.metrics.precisionAt10 !== null)
    .reverse();
  const data = ready.map(v => ({
    version: v.versionId,
    model: v.metrics.precisionAt10,
    baseline: v.metrics.baselinePrecisionAt10,
  }));
  const promoted = value?.promoted
    ? value.versions.find(v => v.versionId === value.promoted!.versionId)
    : undefined;

  return (
    <InfoCard
      title="Accuracy insights"
      subheader="Held-out precision@10 of each ready version against the popularity baseline"
    >
      {loading && <LoadingLabel label="Reading the model versions table…" />}
      {error && !value && (
        <Alert severity="error">
          No accuracy figures: the recommender backend did not answer (
          {describeError(error)}).
        </Alert>
      )}
      {value && data.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No ready version with metrics yet: train one with
          apps/recommender-training.
        </Typography>
      )}
      {data.length > 0 && (
        <div
          style={{ width: '100%', height: 260 }}
          aria-label="Precision@10 over versions"
        >
          {/* The initial size draws the chart before (or without) a ResizeObserver measuring it. */}
          <ResponsiveContainer initialDimension={{ width: 640, height: 260 }}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="version" minTickGap={24} />
              <YAxis domain={[0, 'auto']} />
              <Tooltip formatter={(v: unknown) => metric(v as number)} />
              <Legend />
              <Line
                type="monotone"
                dataKey="model"
                name="Model precision@10"
                stroke="#1976d2"
                strokeWidth={2}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="baseline"
                name="Baseline precision@10"
                stroke="#9e9e9e"
                strokeDasharray="5 5"
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {value && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            {promoted && `Promoted version ${promoted.versionId}`}
            {!promoted &&
              (value.promoted
                ? `The promoted version ${value.promoted.versionId} is not in ${value.table}: no figures`
                : 'No version is promoted yet')}
          </Typography>
          {promoted && (
            <Grid container spacing={1}>
              {[
                {
                  title: 'Precision@10',
                  model: promoted.metrics.precisionAt10,
                  baseline: promoted.metrics.baselinePrecisionAt10,
                },
                {
                  title: 'Recall@10',
                  model: promoted.metrics.recallAt10,
                  baseline: promoted.metrics.baselineRecallAt10,
                },
                {
                  title: 'RMSE',
                  model: promoted.metrics.rmse,
                  note: 'on held-out feedback (lower is better)',
                },
              ].map(tile => (
                <Grid item xs={12} sm={4} key={tile.title}>
                  <Tile {...tile} />
                </Grid>
              ))}
            </Grid>
          )}
        </>
      )}
    </InfoCard>
  );
}
