import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { FlinkVertex } from '@internal/plugin-lakehouse-common';
import type { ReactNode } from 'react';
import { formatDuration, formatTime } from '../../format';
import { formatCount } from './formatCount';

interface VertexColumn {
  title: string;
  numeric?: boolean;
  value(v: FlinkVertex): ReactNode;
  /** Shown only when some vertex has the figure (Flink samples some of them for running jobs only). */
  shownFor?(vertices: FlinkVertex[]): boolean;
}

const hasRecords = (vs: FlinkVertex[]) =>
  vs.some(v => v.readRecords !== undefined || v.writeRecords !== undefined);
const sampled = (vs: FlinkVertex[]) =>
  vs.some(v => v.backpressure !== undefined || v.watermark !== undefined);

/** One entry per column of the vertices table. */
export const VERTEX_COLUMNS: VertexColumn[] = [
  { title: 'Name', value: v => v.name },
  { title: 'Parallelism', numeric: true, value: v => v.parallelism },
  { title: 'Status', value: v => v.status },
  {
    title: 'Duration',
    numeric: true,
    value: v => (v.durationMs >= 0 ? formatDuration(v.durationMs) : '—'),
  },
  {
    title: 'Records in',
    numeric: true,
    value: v => formatCount(v.readRecords),
    shownFor: hasRecords,
  },
  {
    title: 'Records out',
    numeric: true,
    value: v => formatCount(v.writeRecords),
    shownFor: hasRecords,
  },
  {
    title: 'Backpressure',
    value: v => {
      if (!v.backpressure) return '—';
      const ratio = v.backpressureRatio;
      return ratio === null || ratio === undefined
        ? v.backpressure
        : `${v.backpressure} (${Math.round(ratio * 100)}%)`;
    },
    shownFor: sampled,
  },
  {
    title: 'Watermark',
    value: v => (v.watermark ? formatTime(v.watermark) : '—'),
    shownFor: sampled,
  },
];

/** The job graph's vertices. */
export function FlinkVertices(props: { vertices: FlinkVertex[] }) {
  const { vertices } = props;
  const columns = VERTEX_COLUMNS.filter(
    c => !c.shownFor || c.shownFor(vertices),
  );
  const align = (c: VertexColumn) => (c.numeric ? 'right' : 'left');
  return (
    <>
      <Typography variant="h6">Vertices</Typography>
      <Table size="small" aria-label="Flink vertices">
        <TableHead>
          <TableRow>
            {columns.map(c => (
              <TableCell key={c.title} align={align(c)}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {vertices.map(v => (
            <TableRow key={v.id}>
              {columns.map(c => (
                <TableCell key={c.title} align={align(c)}>
                  {c.value(v)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
