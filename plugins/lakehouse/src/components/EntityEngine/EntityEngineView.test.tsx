import type { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  lakehouseApiPair,
  lakehouseHandlers,
} from '../../__testUtils__/backend';
import { EntityEngineCard, EntityEngineContent } from './EntityEngineView';

const server = setupServer();
registerMswTestHooks(server);
const apis = [lakehouseApiPair()] as const;

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'thing', annotations },
    spec: { type: 'service', owner: 'data-platform', lifecycle: 'production' },
  };
}

const render = (e: Entity, element: JSX.Element) =>
  renderInTestApp(<EntityProvider entity={e}>{element}</EntityProvider>, {
    apis,
  });

describe('Engine tab and card', () => {
  it("shows all instances of a platform component's engine, errors included", async () => {
    server.use(...lakehouseHandlers().handlers);
    await render(
      entity({ 'lakehouse.io/engine': 'flink' }),
      <EntityEngineContent />,
    );
    expect(await screen.findByText("Flink 'local'")).toBeInTheDocument();
    expect(screen.getByText("Flink 'staging'")).toBeInTheDocument();
    expect(
      screen.getByText("Error: Flink 'local' did not answer within 5 s"),
    ).toBeInTheDocument();
    expect(await screen.findByText('fraud-detector')).toBeInTheDocument();
  });

  it('limits a component to its annotated instance, its first jobs coming with the instance list', async () => {
    const { handlers, jobQueries, engineQueries } = lakehouseHandlers();
    server.use(...handlers);
    await render(
      entity({
        'lakehouse.io/engine': 'flink',
        'lakehouse.io/engine-instance': 'staging',
      }),
      <EntityEngineCard />,
    );
    expect(await screen.findByText("Flink 'staging'")).toBeInTheDocument();
    expect(await screen.findAllByText('clickstream-sessionizer')).toHaveLength(
      2,
    );
    expect(screen.queryByText("Flink 'local'")).not.toBeInTheDocument();
    expect(engineQueries).toEqual([{ engine: 'flink', firstJobs: '5' }]);
    expect(jobQueries).toEqual([]);
  });

  it("shows a job entity's latest run, found by job name, with its detail and earlier runs", async () => {
    const { handlers, jobQueries } = lakehouseHandlers();
    server.use(...handlers);
    await render(
      entity({
        'lakehouse.io/engine': 'flink',
        'lakehouse.io/job-name': 'clickstream-sessionizer',
      }),
      <EntityEngineContent />,
    );
    // Detail of the newest run: its vertices come from GET /jobs/flink/staging/<id>.
    expect(await screen.findByText('Source: clicks')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'clickstream-sessionizer' }),
    ).toBeInTheDocument();
    const summary = () => screen.getByRole('table', { name: 'Job summary' });
    expect(
      within(summary()).getByText('1a1b2c3d4e5f60718293a4b5c6d7e8f9'),
    ).toBeInTheDocument();
    expect(within(summary()).getByText("Flink 'staging'")).toBeInTheDocument();
    expect(jobQueries[0]).toEqual({
      engine: 'flink',
      q: 'clickstream-sessionizer',
      limit: '100',
    });

    const runs = screen.getByRole('list', { name: 'Recent runs' });
    expect(within(runs).getAllByRole('button')).toHaveLength(2);
    expect(within(runs).getByText('Failed')).toBeInTheDocument();

    // Selecting the older, failed run shows its detail instead.
    await userEvent.click(
      within(runs).getByText('0a1b2c3d4e5f60718293a4b5c6d7e8f9'),
    );
    expect(
      await within(summary()).findByText('0a1b2c3d4e5f60718293a4b5c6d7e8f9'),
    ).toBeInTheDocument();
    expect(
      within(summary()).queryByText('1a1b2c3d4e5f60718293a4b5c6d7e8f9'),
    ).not.toBeInTheDocument();
  });

  it("shows a job entity's state on the overview card, found by job id", async () => {
    server.use(...lakehouseHandlers().handlers);
    await render(
      entity({
        'lakehouse.io/engine': 'ray',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-id': 'raysubmit_XyZ123',
      }),
      <EntityEngineCard />,
    );
    expect(await screen.findByText('feature-backfill')).toBeInTheDocument();
    expect(screen.getByText('Ray job')).toBeInTheDocument();
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.getByText('raysubmit_XyZ123')).toBeInTheDocument();
  });

  it('says when the named job is not on the engine', async () => {
    server.use(...lakehouseHandlers().handlers);
    await render(
      entity({
        'lakehouse.io/engine': 'spark',
        'lakehouse.io/job-name': 'never-ran',
      }),
      <EntityEngineCard />,
    );
    expect(
      await screen.findByText(
        /No job named 'never-ran' on any Spark instance\. The engine may not have run it yet/,
      ),
    ).toBeInTheDocument();
  });

  it('explains an unknown engine annotation', async () => {
    await render(
      entity({ 'lakehouse.io/engine': 'hadoop' }),
      <EntityEngineCard />,
    );
    expect(
      screen.getByText("Error: Unknown engine 'hadoop'"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/lakehouse.io\/engine must be spark, flink or ray/),
    ).toBeInTheDocument();
  });
});
