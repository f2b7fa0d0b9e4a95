import Typography from '@material-ui/core/Typography';
import type { SparkJobDetail } from '@internal/plugin-lakehouse-common';
import { formatBytes } from '../format';
import { DetailList } from './DetailList';
import { SectionErrors } from './SectionErrors';

const MIB = 1024 * 1024;
const memory = (mib?: number) =>
  mib === undefined ? undefined : formatBytes(mib * MIB);

/** Spark: the master's application or driver record, and the REST submission status of a driver. */
export function SparkDetail(props: { detail: SparkJobDetail }) {
  const { application: app, driver, submission, sectionErrors } = props.detail;
  return (
    <>
      <SectionErrors errors={sectionErrors} />
      {app && (
        <>
          <Typography variant="h6">Application</Typography>
          <DetailList
            label="Spark application"
            rows={[
              ['User', app.user],
              ['Cores', app.cores],
              ['Memory per executor', memory(app.memoryPerExecutorMiB)],
              ['Submitted', app.submitted],
              ['Master state', app.masterState],
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
              ['Main class', driver.mainClass],
              ['Worker', driver.worker],
              ['Cores', driver.cores],
              ['Memory', memory(driver.memoryMiB)],
              ['Submitted', driver.submitted],
              ['Master state', driver.masterState],
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
              ['Driver state', submission.driverState],
              ['Worker', submission.workerHostPort],
              ['Message', submission.message],
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
