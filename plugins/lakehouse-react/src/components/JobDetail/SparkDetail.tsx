import Typography from '@material-ui/core/Typography';
import { formatBytes } from '../format';
import { DetailList, field, objectField } from './DetailList';

const MIB = 1024 * 1024;

/** Spark: the master's application or driver record, and the REST submission status of a driver. */
export function SparkDetail(props: { detail: Record<string, unknown> }) {
  const app = objectField(props.detail, 'application');
  const driver = objectField(props.detail, 'driver');
  const submission = objectField(props.detail, 'submission');
  const memory = (mib?: number) =>
    mib === undefined ? undefined : formatBytes(mib * MIB);
  return (
    <>
      {app && (
        <>
          <Typography variant="h6">Application</Typography>
          <DetailList
            label="Spark application"
            rows={[
              ['User', field(app, 'user', 'string')],
              ['Cores', field(app, 'cores', 'number')],
              [
                'Memory per executor',
                memory(field(app, 'memoryperexecutor', 'number')),
              ],
              ['Submitted', field(app, 'submitdate', 'string')],
              ['Master state', field(app, 'state', 'string')],
            ]}
          />
        </>
      )}
      {driver && (
        <>
          <Typography variant="h6">Driver</Typography>
          <DetailList
            label="Spark driver"
            rows={[
              ['Main class', field(driver, 'mainclass', 'string')],
              ['Worker', field(driver, 'worker', 'string')],
              ['Cores', field(driver, 'cores', 'number')],
              ['Memory', memory(field(driver, 'memory', 'number'))],
              ['Submitted', field(driver, 'submitdate', 'string')],
              ['Master state', field(driver, 'state', 'string')],
            ]}
          />
        </>
      )}
      {submission && (
        <>
          <Typography variant="h6">Submission server</Typography>
          <DetailList
            label="Spark submission status"
            rows={[
              ['Driver state', field(submission, 'driverState', 'string')],
              ['Worker', field(submission, 'workerHostPort', 'string')],
              ['Message', field(submission, 'message', 'string')],
            ]}
          />
        </>
      )}
      {!app && !driver && (
        <Typography variant="body2" color="textSecondary">
          The Spark master reported no details for this job.
        </Typography>
      )}
    </>
  );
}
