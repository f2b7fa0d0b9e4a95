import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/** A column: its header and how a row shows in it. */
export interface Column<T> {
  title: string;
  render(row: T): ReactNode;
  align?: 'right';
}

/** A small read-only table with a header; `empty` says why there are no rows. */
export function SimpleTable<T>(props: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T, index: number): string;
  empty: string;
}) {
  const { label, columns, rows, rowKey, empty } = props;
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map(c => (
            <TableCell key={c.title} align={c.align}>
              {c.title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={rowKey(row, i)}>
            {columns.map(c => (
              <TableCell key={c.title} align={c.align}>
                {c.render(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
