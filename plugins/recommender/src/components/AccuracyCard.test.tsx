import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { PolledState } from '@internal/plugin-lakehouse-react';
import type { ModelVersionsResponse } from '@internal/plugin-recommender-common';
import { screen } from '@testing-library/react';
import { promotion, versionsAnswer } from '../__testUtils__/apis';
import { AccuracyCard } from './AccuracyCard';

const polled = (
  value?: ModelVersionsResponse,
  extra: Partial<PolledState<ModelVersionsResponse>> = {},
): PolledState<ModelVersionsResponse> => ({
  value,
  loading: false,
  retry: () => {},
  ...extra,
});

describe('AccuracyCard', () => {
  it('charts precision@10 of the ready versions against the baseline, oldest first', async () => {
    const { container } = await renderInTestApp(
      <AccuracyCard versions={polled(versionsAnswer())} />,
    );
    expect(
      await screen.findByLabelText('Precision@10 over versions'),
    ).toBeInTheDocument();
    // Two lines (model, baseline) over the two ready versions; the failed run has no point.
    const lines = container.querySelectorAll('.recharts-line');
    expect(lines).toHaveLength(2);
    expect(
      container.querySelectorAll('.recharts-line-dots, .recharts-line-curve')
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('Model precision@10')).toBeInTheDocument();
    expect(screen.getByText('Baseline precision@10')).toBeInTheDocument();
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual(['rec-v1', 'rec-v3']);
  });

  it("tiles the promoted version's figures against the baseline", async () => {
    await renderInTestApp(<AccuracyCard versions={polled(versionsAnswer())} />);
    expect(
      await screen.findByText('Promoted version rec-v1'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Precision@10')).toHaveTextContent('0.154');
    expect(screen.getByText('baseline 0.077 · 2.0×')).toBeInTheDocument();
    expect(screen.getByLabelText('Recall@10')).toHaveTextContent('0.300');
    expect(screen.getByText('baseline 0.120 · 2.5×')).toBeInTheDocument();
    expect(screen.getByLabelText('RMSE')).toHaveTextContent('0.950');
  });

  it('says when nothing is promoted or trained yet', async () => {
    await renderInTestApp(
      <AccuracyCard
        versions={polled(versionsAnswer({ versions: [], promoted: null }))}
      />,
    );
    expect(
      await screen.findByText(/No ready version with metrics yet/),
    ).toBeInTheDocument();
    expect(screen.getByText('No version is promoted yet')).toBeInTheDocument();
  });

  it('says when the promoted version is not in the table', async () => {
    await renderInTestApp(
      <AccuracyCard
        versions={polled(
          versionsAnswer({ promoted: promotion([['rec-v9', 'promote']]) }),
        )}
      />,
    );
    expect(
      await screen.findByText(
        'The promoted version rec-v9 is not in recsys.model_versions: no figures',
      ),
    ).toBeInTheDocument();
  });

  it('shows what failed instead of figures', async () => {
    await renderInTestApp(
      <AccuracyCard
        versions={polled(undefined, { error: new Error('Failed to fetch') })}
      />,
    );
    expect(
      await screen.findByText(
        /No accuracy figures: the recommender backend did not answer/,
      ),
    ).toBeInTheDocument();
  });
});
