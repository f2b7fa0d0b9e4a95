import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import type { JobLink } from '@internal/plugin-lakehouse-common';

/**
 * A job's links into the engine's own UI, opened in a new tab.
 * @public
 */
export function JobLinks(props: { links: JobLink[] }) {
  return (
    <>
      {props.links.map(l => (
        <Box key={l.url} component="span" mr={1}>
          <Link href={l.url} target="_blank" rel="noopener noreferrer">
            {l.title}
          </Link>
        </Box>
      ))}
    </>
  );
}
