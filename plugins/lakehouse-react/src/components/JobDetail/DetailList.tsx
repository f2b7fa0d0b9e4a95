import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import type { ReactNode } from 'react';

/**
 * Label/value rows; rows whose value is null, undefined or '' are left out.
 * Each value cell is labelled with its row's label.
 * @public
 */
export function DetailList(props: {
  rows: Array<[string, ReactNode]>;
  label?: string;
}) {
  const rows = props.rows.filter(
    ([, v]) => v !== null && v !== undefined && v !== '',
  );
  return (
    <Table size="small" aria-label={props.label}>
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row" style={{ width: '30%' }}>
              {label}
            </TableCell>
            <TableCell aria-label={label}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
