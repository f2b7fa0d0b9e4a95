import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import CloseIcon from '@material-ui/icons/Close';
import type { EngineKind } from '@internal/plugin-lakehouse-common';
import { JobDetail } from '@internal/plugin-lakehouse-react';

/** A job's details in a right-hand drawer. */
export function JobDrawer(props: {
  engine: EngineKind;
  instance: string;
  jobId: string;
  onClose: () => void;
}) {
  const { engine, instance, jobId, onClose } = props;
  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      PaperProps={{ style: { width: 'min(960px, 90vw)' } }}
    >
      <Box p={3} role="region" aria-label="Job details">
        <Box display="flex" justifyContent="flex-end">
          <IconButton
            aria-label="Close job details"
            onClick={onClose}
            size="small"
          >
            <CloseIcon />
          </IconButton>
        </Box>
        <JobDetail engine={engine} instance={instance} jobId={jobId} />
      </Box>
    </Drawer>
  );
}
