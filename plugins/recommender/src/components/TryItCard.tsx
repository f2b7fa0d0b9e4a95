import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  describeError,
  formatTime,
  LoadingLabel,
  usePolling,
} from '@internal/plugin-lakehouse-react';
import {
  USER_ID_PATTERN,
  type RecommendationsResponse,
} from '@internal/plugin-recommender-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { recommenderApiRef } from '../api';

const SHOWN_USERS = 10;
const K_CHOICES = [5, 10, 20, 50];

/** Who the recommendations are for: a user of the table, or an id typed in. */
interface Picked {
  userId: string;
  name: string | null;
}

const who = (p: Picked) => (p.name ? `${p.name} (${p.userId})` : p.userId);

function Recommendations(props: { answer: RecommendationsResponse }) {
  const { answer } = props;
  return (
    <>
      <Box display="flex" alignItems="center" gridGap={8} mb={1}>
        <Chip size="small" label={`Answered by ${answer.versionId}`} />
        {answer.fallback && (
          <Chip
            size="small"
            color="secondary"
            label={`Fallback: ${answer.fallback}`}
          />
        )}
      </Box>
      {answer.fallback === 'popularity' && (
        <Alert severity="info">
          Popularity fallback: the model did not see this user in training, so
          these are the most popular products, the same for everyone.
        </Alert>
      )}
      {answer.errors.map((e, i) => (
        <Alert severity="warning" key={i}>
          {e.source === 'products' ? 'Product names' : 'Recent events'}:{' '}
          {e.message}
        </Alert>
      ))}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Recommended products
      </Typography>
      {answer.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          The service recommends nothing.
        </Typography>
      ) : (
        <Table size="small" aria-label="Recommended products">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Product</TableCell>
              <TableCell>Category</TableCell>
              <TableCell align="right">Price</TableCell>
              <TableCell align="right">Score</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {answer.items.map(item => (
              <TableRow key={item.productId}>
                <TableCell>{item.rank}</TableCell>
                <TableCell>
                  {item.productName ?? (
                    <span style={{ fontFamily: 'monospace' }}>
                      {item.productId}
                    </span>
                  )}
                  {item.productName && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                      style={{ fontFamily: 'monospace' }}
                    >
                      {item.productId}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{item.category ?? '—'}</TableCell>
                <TableCell align="right">
                  {item.price !== null ? item.price.toFixed(2) : '—'}
                </TableCell>
                <TableCell align="right">{item.score.toFixed(3)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Latest events (the clickstream the model is trained on)
      </Typography>
      {answer.recentEvents.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No events of this user in the clickstream.
        </Typography>
      ) : (
        <Table size="small" aria-label="Latest events">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Event</TableCell>
              <TableCell>Product</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {answer.recentEvents.map((e, i) => (
              <TableRow key={`${e.timestamp}-${i}`}>
                <TableCell>{formatTime(e.timestamp)}</TableCell>
                <TableCell>{e.eventType}</TableCell>
                <TableCell>
                  {e.productName ?? (
                    <span style={{ fontFamily: 'monospace' }}>
                      {e.productId}
                    </span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/**
 * Try the served model: search a user (`demo.users`), then see what the recommendation service
 * recommends for them, with product names, beside what they did lately.
 */
export function TryItCard() {
  const api = useApi(recommenderApiRef);
  const id = useId();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Picked>();
  const [k, setK] = useState(10);

  // The backend searches the whole table; typing waits for a pause.
  useDebounce(() => setQ(input.trim()), 300, [input]);

  const users = usePolling(() => api.searchUsers(q, SHOWN_USERS), [api, q], {
    intervalMs: 0,
  });
  const answer = usePolling(
    async () => (picked ? api.getRecommendations(picked.userId, k) : undefined),
    [api, picked?.userId, k],
    { intervalMs: 0 },
  );
  const list = users.value?.users ?? [];
  const typedId =
    q && USER_ID_PATTERN.test(q) && !list.some(u => u.userId === q)
      ? q
      : undefined;

  return (
    <InfoCard
      title="Try it"
      subheader="Pick a user and see what the recommendation service recommends for them"
    >
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <TextField
            id={`${id}-search`}
            label="Search users by id or name"
            value={input}
            onChange={e => setInput(e.target.value)}
            fullWidth
            size="small"
            variant="outlined"
          />
          {users.loading && <LoadingLabel label="Searching the users table…" />}
          {users.error && (
            <Alert severity="error">
              Cannot search users: {describeError(users.error)}
            </Alert>
          )}
          {users.value?.note && (
            <Alert severity={users.value.stale ? 'warning' : 'info'}>
              {users.value.note}
            </Alert>
          )}
          <List dense aria-label="Users">
            {list.map(u => (
              <ListItem
                button
                key={u.userId}
                selected={picked?.userId === u.userId}
                onClick={() => setPicked({ userId: u.userId, name: u.name })}
              >
                <ListItemText
                  primary={u.name ?? u.userId}
                  secondary={`${u.userId}${
                    u.signupDate ? ` · signed up ${u.signupDate}` : ''
                  }`}
                />
              </ListItem>
            ))}
          </List>
          {users.value && users.value.total > list.length && (
            <Typography variant="caption" color="textSecondary">
              {users.value.total - list.length} more match: refine the search.
            </Typography>
          )}
          {users.value && q && users.value.total === 0 && (
            <Typography variant="body2" color="textSecondary">
              No user matches “{q}”.
            </Typography>
          )}
          {typedId && (
            <Button
              size="small"
              onClick={() => setPicked({ userId: typedId, name: null })}
            >
              Try “{typedId}” as a user id
            </Button>
          )}
        </Grid>
        <Grid item xs={12} md={8}>
          {!picked && (
            <Typography variant="body2" color="textSecondary">
              Pick a user on the left: a user the model was trained on gets
              their own recommendations, anyone else the most popular products.
            </Typography>
          )}
          {picked && (
            <>
              <Box display="flex" alignItems="center" gridGap={16} mb={1}>
                <Typography variant="h6" component="h3">
                  For {who(picked)}
                </Typography>
                <TextField
                  select
                  id={`${id}-k`}
                  label="How many"
                  value={k}
                  onChange={e => setK(Number(e.target.value))}
                  size="small"
                >
                  {K_CHOICES.map(n => (
                    <MenuItem key={n} value={n}>
                      {n}
                    </MenuItem>
                  ))}
                </TextField>
              </Box>
              {answer.loading && (
                <LoadingLabel
                  label={`Asking the recommendation service for the top ${k} for ${who(
                    picked,
                  )}…`}
                />
              )}
              {answer.error && (
                <Alert severity="error">
                  No recommendations: {describeError(answer.error)}
                </Alert>
              )}
              {answer.value && <Recommendations answer={answer.value} />}
            </>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}
