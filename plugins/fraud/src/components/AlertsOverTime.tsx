import { InfoCard } from '@backstage/core-components';
import type { FraudSummary } from '@internal/plugin-fraud-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const COLORS = ['#d32f2f', '#f57c00', '#7b1fa2', '#1976d2', '#388e3c'];

/** Alerts per time bucket, stacked by rule. */
export function AlertsOverTime({ summary }: { summary: FraudSummary }) {
  const rules = [
    ...new Set(summary.overTime.flatMap(b => Object.keys(b.counts))),
  ].sort();
  const data = summary.overTime.map(b => ({
    time: new Date(b.bucketStart).toISOString().slice(0, 16).replace('T', ' '),
    ...b.counts,
  }));
  return (
    <InfoCard
      title="Alerts over time"
      subheader={`per ${Math.round(
        summary.bucketMs / 60_000,
      )} min, by rule (UTC)`}
    >
      <div style={{ width: '100%', height: 260 }} aria-label="Alerts over time">
        <ResponsiveContainer>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="time" minTickGap={24} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {rules.map((rule, i) => (
              <Bar
                key={rule}
                dataKey={rule}
                stackId="rules"
                fill={COLORS[i % COLORS.length]}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </InfoCard>
  );
}
