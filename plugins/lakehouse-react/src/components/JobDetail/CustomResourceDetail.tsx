import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../format';
import type { CustomResourceJobDetail } from '@internal/plugin-lakehouse-common';
import { DetailList } from './DetailList';

/**
 * A job read from an operator's custom resource (RayJob, SparkApplication,
 * FlinkDeployment, FlinkSessionJob): which resource, the operator's message
 * and conditions, and the status fields the backend lets through (an
 * allow-list: never the reconciled spec), the same for every engine.
 */
export function CustomResourceDetail(props: {
  detail: CustomResourceJobDetail;
}) {
  const { resource, conditions, status } = props.detail;
  return (
    <>
      <Typography variant="h6">Custom resource</Typography>
      <DetailList
        label="Custom resource"
        rows={[
          ['Cluster', props.detail.cluster],
          [
            'Resource',
            `${resource.kind} ${resource.namespace}/${resource.name}`,
          ],
          ['API version', resource.apiVersion],
          ['Operator state', props.detail.rawState],
          ['Operator message', props.detail.message],
        ]}
      />
      {conditions.length > 0 && (
        <Box mt={2}>
          <Typography variant="h6">Conditions</Typography>
          <Table size="small" aria-label="Conditions">
            <TableHead>
              <TableRow>
                <TableCell>Type</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Message</TableCell>
                <TableCell>Since</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {conditions.map((c, i) => (
                <TableRow key={i}>
                  <TableCell>{c.type}</TableCell>
                  <TableCell>{c.status}</TableCell>
                  <TableCell>{c.reason}</TableCell>
                  <TableCell>{c.message}</TableCell>
                  <TableCell>{formatTime(c.lastTransitionTime)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {Object.keys(status).length > 0 && (
        <Box mt={2}>
          <Typography variant="h6">Status</Typography>
          <DetailList
            label="Resource status"
            rows={Object.entries(status).map(([path, value]) => [
              path,
              String(value),
            ])}
          />
        </Box>
      )}
    </>
  );
}
