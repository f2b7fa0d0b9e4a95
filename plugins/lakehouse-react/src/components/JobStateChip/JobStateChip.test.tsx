import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { JOB_STATES, JobState } from '@internal/plugin-lakehouse-common';
import { JobStateChip } from './JobStateChip';

const cases: Array<[JobState, string, string]> = [
  ['PENDING', 'Pending', 'WAITING'],
  ['RUNNING', 'Running', 'RESTARTING'],
  ['SUCCEEDED', 'Succeeded', 'FINISHED'],
  ['FAILED', 'Failed', 'ERROR'],
  ['CANCELLED', 'Cancelled', 'STOPPED'],
  ['UNKNOWN', 'Unknown', 'SUSPENDED'],
];

describe('JobStateChip', () => {
  it('covers every JobState', () => {
    expect(cases.map(c => c[0]).sort()).toEqual([...JOB_STATES].sort());
  });

  it.each(cases)(
    'shows %s as "%s" with the raw state %s in its tooltip',
    async (state, label, raw) => {
      render(<JobStateChip state={state} rawState={raw} engine="flink" />);
      const chip = screen.getByText(label);
      await userEvent.hover(chip);
      expect(await screen.findByRole('tooltip')).toHaveTextContent(
        `Flink state: ${raw}`,
      );
    },
  );

  it('gives each state its own colour', () => {
    const colours = JOB_STATES.map(state => {
      const { container, unmount } = render(
        <JobStateChip state={state} rawState={state} />,
      );
      const el = container.querySelector(
        `[data-state="${state}"]`,
      ) as HTMLElement;
      const colour = el.style.backgroundColor || el.style.borderColor;
      unmount();
      return colour;
    });
    expect(new Set(colours).size).toBe(JOB_STATES.length);
  });
});
