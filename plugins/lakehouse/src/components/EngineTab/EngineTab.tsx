import Box from '@material-ui/core/Box';
import type { EngineKind } from '@internal/plugin-lakehouse-common';
import { EngineInstances } from '../EngineInstances';

/** One tab of the Data platform page: every instance of one engine. */
export function EngineTab(props: { engine: EngineKind }) {
  return (
    <Box p={3}>
      <EngineInstances engine={props.engine} />
    </Box>
  );
}
