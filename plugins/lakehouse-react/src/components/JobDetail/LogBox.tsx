import Box from '@material-ui/core/Box';

/** Log text in a scrollable monospace box, labelled for screen readers and tests. */
export function LogBox(props: { label: string; text: string }) {
  return (
    <Box
      component="pre"
      aria-label={props.label}
      style={{
        maxHeight: 400,
        overflow: 'auto',
        fontFamily: 'monospace',
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        background: 'rgba(127,127,127,0.1)',
        padding: 8,
        margin: 0,
      }}
    >
      {props.text}
    </Box>
  );
}
