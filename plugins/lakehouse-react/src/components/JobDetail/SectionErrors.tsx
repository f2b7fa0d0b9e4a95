import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { DetailSectionError } from '@internal/plugin-lakehouse-common';

/** The parts of a detail the engine did not answer: said, not shown as "none". */
export function SectionErrors(props: { errors: DetailSectionError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <Box mb={2} role="alert" aria-label="Parts not available">
      {props.errors.map(e => (
        <Typography key={e.section} variant="body2" color="error">
          The engine did not answer for {e.section}: {e.message}
        </Typography>
      ))}
    </Box>
  );
}
