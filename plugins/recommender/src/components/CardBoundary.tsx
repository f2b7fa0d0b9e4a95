import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { Component, type ReactNode } from 'react';

/**
 * Keeps a card's failure to itself: a card that throws while rendering shows what went wrong in
 * its place, and the rest of the page stays.
 */
export class CardBoundary extends Component<
  { title: string; children: ReactNode },
  { error?: Error }
> {
  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  state: { error?: Error } = {};

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <InfoCard title={this.props.title}>
        <Typography variant="body2" color="error" role="alert">
          This card failed to show: {this.state.error.message}
        </Typography>
      </InfoCard>
    );
  }
}
