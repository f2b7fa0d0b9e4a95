import type { FlinkJobDetail } from '@internal/plugin-lakehouse-common';
import { FlinkCheckpoints } from './flink/FlinkCheckpoints';
import { FlinkExceptions } from './flink/FlinkExceptions';
import { FlinkFlow } from './flink/FlinkFlow';
import { FlinkVertices } from './flink/FlinkVertices';
import { SectionErrors } from './SectionErrors';

/** Flink: the flow through the job, its vertices, checkpoints and recent exceptions. */
export function FlinkDetail(props: { detail: FlinkJobDetail }) {
  const { detail } = props;
  const failed = new Set(detail.sectionErrors.map(e => e.section));
  return (
    <>
      <SectionErrors errors={detail.sectionErrors} />
      <FlinkFlow detail={detail} />
      <FlinkVertices vertices={detail.vertices} />
      <FlinkCheckpoints
        checkpoints={detail.checkpoints}
        unavailable={failed.has('checkpoints')}
      />
      <FlinkExceptions
        exceptions={detail.exceptions}
        unavailable={failed.has('exceptions')}
      />
    </>
  );
}
