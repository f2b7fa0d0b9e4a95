import CircularProgress from '@material-ui/core/CircularProgress';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/**
 * A spinner that says what it waits for, e.g. "Loading Flink jobs…".
 * @public
 */
export function LoadingLabel(props: { label: string }) {
  return (
    <Box display="flex" alignItems="center" gridGap={8} p={1} role="status">
      <CircularProgress size={16} aria-label={props.label} />
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Box>
  );
}
