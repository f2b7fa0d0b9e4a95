import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { formatTime } from '../format';
import { DetailList, arrayField, field, objectField } from './DetailList';

/** Status objects are shown up to this size. */
const MAX_STATUS_CHARS = 20_000;

/**
 * A job read from an operator's custom resource (RayJob, SparkApplication,
 * FlinkDeployment, FlinkSessionJob): which resource, the operator's message
 * and conditions, and the raw status, the same for every engine.
 */
export function CustomResourceDetail(props: {
  detail: Record<string, unknown>;
}) {
  const resource = objectField(props.detail, 'resource');
  const conditions = arrayField(props.detail, 'conditions');
  const status = objectField(props.detail, 'status');
  return (
    <>
      <Typography variant="h6">Custom resource</Typography>
      <DetailList
        label="Custom resource"
        rows={[
          ['Cluster', field(props.detail, 'cluster', 'string')],
          [
            'Resource',
            resource &&
              `${field(resource, 'kind', 'string')} ${field(
                resource,
                'namespace',
                'string',
              )}/${field(resource, 'name', 'string')}`,
          ],
          ['API version', field(resource, 'apiVersion', 'string')],
          ['Operator state', field(props.detail, 'rawState', 'string')],
          ['Operator message', field(props.detail, 'message', 'string')],
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
                  <TableCell>{field(c, 'type', 'string')}</TableCell>
                  <TableCell>{field(c, 'status', 'string')}</TableCell>
                  <TableCell>{field(c, 'reason', 'string')}</TableCell>
                  <TableCell>{field(c, 'message', 'string')}</TableCell>
                  <TableCell>
                    {formatTime(field(c, 'lastTransitionTime', 'string'))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {status && (
        <Box mt={2}>
          <Typography variant="h6">Status</Typography>
          <Box
            component="pre"
            aria-label="Resource status"
            style={{ maxHeight: 300, overflow: 'auto', fontSize: 12 }}
          >
            {JSON.stringify(status, null, 2).slice(0, MAX_STATUS_CHARS)}
          </Box>
        </Box>
      )}
    </>
  );
}
