import { act, render, screen } from '@testing-library/react';
import { FreshnessLabel } from './FreshnessLabel';

describe('FreshnessLabel', () => {
  afterEach(() => jest.useRealTimers());

  it('shows the age the backend reported', () => {
    render(<FreshnessLabel ageMs={12_000} />);
    expect(screen.getByText('updated 12 s ago')).toBeInTheDocument();
    expect(screen.queryByText(/stale/)).not.toBeInTheDocument();
  });

  it('keeps counting after the answer arrived', () => {
    jest.useFakeTimers();
    render(<FreshnessLabel ageMs={12_000} />);
    act(() => {
      jest.advanceTimersByTime(5_000);
    });
    expect(screen.getByText('updated 17 s ago')).toBeInTheDocument();
  });

  it('uses fetchedAt when no age is given', () => {
    jest.useFakeTimers().setSystemTime(new Date('2026-11-26T18:30:00Z'));
    render(<FreshnessLabel fetchedAt="2026-11-26T18:29:15Z" />);
    expect(screen.getByText('updated 45 s ago (stale)')).toBeInTheDocument();
  });

  it('flags data older than the stale limit', () => {
    render(<FreshnessLabel ageMs={3 * 60_000} />);
    expect(screen.getByText('updated 3 min ago (stale)')).toBeInTheDocument();
  });

  it('honours a custom stale limit', () => {
    render(<FreshnessLabel ageMs={3 * 60_000} staleAfterMs={5 * 60_000} />);
    expect(screen.getByText('updated 3 min ago')).toBeInTheDocument();
  });

  it('says when nothing was received yet', () => {
    render(<FreshnessLabel />);
    expect(screen.getByText('no data received yet')).toBeInTheDocument();
  });
});
