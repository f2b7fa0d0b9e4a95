import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { SimulationState } from '@internal/plugin-fraud-common';
import { simulatorStatus } from '@internal/plugin-fraud-common/testUtils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FraudClient, fraudApiRef } from '../api';
import { BASE, discoveryApi, fetchApi, mswServer } from '../__testUtils__/apis';
import { SimulationCard } from './SimulationCard';

const server = mswServer();
const fraudApi = new FraudClient({ discoveryApi, fetchApi });

const status = simulatorStatus;

function state(over: Partial<SimulationState> = {}): SimulationState {
  return {
    simulatorEntity: 'component:default/clickstream-simulator',
    liveness: 'live',
    status: status(),
    control: null,
    pending: false,
    canControl: true,
    statusUri: 's3://warehouse/live/simulator/status.json',
    fetchedAt: new Date().toISOString(),
    ...over,
  };
}

const answer = (body: SimulationState) =>
  http.get(`${BASE}/fraud/simulation`, () => HttpResponse.json(body));

const render = () =>
  renderInTestApp(<SimulationCard />, { apis: [[fraudApiRef, fraudApi]] });

describe('SimulationCard', () => {
  it('shows what the simulator writes now', async () => {
    server.use(answer(state()));
    await render();
    expect(await screen.findByText('19.4 events/s now')).toBeInTheDocument();
    expect(screen.getByText('Live')).toBeInTheDocument();
    expect(
      screen.getByText('11640 events in 120 files to live/clickstream/'),
    ).toBeInTheDocument();
    expect(screen.getByText('20, the last by user-f1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled();
  });

  it('sends a new rate and fraud rate, then says the change is pending', async () => {
    server.use(answer(state()));
    const sent: unknown[] = [];
    server.use(
      http.post(`${BASE}/fraud/simulation`, async ({ request }) => {
        const body = (await request.json()) as any;
        sent.push(body);
        const control = {
          version: 1 as const,
          runId: 'run-1',
          revision: 1,
          running: true,
          rate: body.rate,
          fraudPerMinute: body.fraudPerMinute,
          updatedBy: 'user:default/guest',
          updatedAt: new Date().toISOString(),
        };
        const next = state({ control, pending: true });
        server.use(answer(next));
        return HttpResponse.json(next);
      }),
    );
    await render();
    const rate = await screen.findByLabelText('Rate (events/s)');
    fireEvent.change(rate, { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Fraudsters per minute'), {
      target: { value: '6' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(sent).toEqual([{ rate: 5, fraudPerMinute: 6 }]));
    expect(
      await screen.findByText(/Waiting for the simulator to apply change 1/),
    ).toBeInTheDocument();
  });

  it('stops, and refuses a rate over the capacity before asking', async () => {
    server.use(answer(state()));
    const sent: unknown[] = [];
    server.use(
      http.post(`${BASE}/fraud/simulation`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(state());
      }),
    );
    await render();
    fireEvent.change(await screen.findByLabelText('Rate (events/s)'), {
      target: { value: '40' },
    });
    expect(screen.getByText('0 to 32.4 events/s')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(sent).toEqual([{ running: false }]));
  });

  it("shows the backend's refusal", async () => {
    server.use(
      answer(state()),
      http.post(`${BASE}/fraud/simulation`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission fraud.simulation.control',
            },
            request: { method: 'POST', url: '/api/fraud/simulation' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await render();
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(
      await screen.findByText(/Missing permission fraud.simulation.control/),
    ).toBeInTheDocument();
  });

  it('keeps the controls from those who may not use them, saying who may', async () => {
    server.use(answer(state({ canControl: false })));
    await render();
    expect(await screen.findByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(
      screen.getByText(
        /Only the owners of component:default\/clickstream-simulator can/,
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [state({ liveness: 'absent', status: null }), 'No simulator has run yet'],
    [
      state({
        liveness: 'silent',
        status: status({ heartbeatAt: '2026-11-30T10:00:00.000Z' }),
      }),
      /No heartbeat since .*: the job is gone/,
    ],
    [
      state({ liveness: 'ended', status: status({ state: 'ended' }) }),
      /Its last run ended/,
    ],
  ])(
    'says how to start a simulator that is not running (%#)',
    async (s, text) => {
      server.use(answer(s));
      await render();
      expect(await screen.findByText(text)).toBeInTheDocument();
      expect(screen.getByText(/.\/portal start/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    },
  );

  it('reports a backend that does not answer', async () => {
    server.use(
      http.get(`${BASE}/fraud/simulation`, () =>
        HttpResponse.json({ error: { message: 'boom' } }, { status: 500 }),
      ),
    );
    await render();
    expect(
      await screen.findByText(/The fraud backend did not answer/),
    ).toBeInTheDocument();
  });
});
