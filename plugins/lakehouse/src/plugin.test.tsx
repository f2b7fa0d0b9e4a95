import {
  createExtensionTester,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { lakehouseApiPair, lakehouseHandlers } from './__testUtils__/backend';
import plugin from './plugin';

const server = setupServer();
registerMswTestHooks(server);

describe('lakehouse plugin', () => {
  it('has stable extension ids for the app config', () => {
    for (const id of [
      'api:lakehouse',
      'page:lakehouse',
      'sub-page:lakehouse/spark',
      'sub-page:lakehouse/flink',
      'sub-page:lakehouse/ray',
      'entity-content:lakehouse/engine',
      'entity-card:lakehouse/engine',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('renders the Data platform page with Spark, Flink and Ray tabs and their jobs', async () => {
    server.use(...lakehouseHandlers().handlers);
    const tester = createExtensionTester(plugin.getExtension('page:lakehouse'))
      .add(plugin.getExtension('sub-page:lakehouse/spark'))
      .add(plugin.getExtension('sub-page:lakehouse/flink'))
      .add(plugin.getExtension('sub-page:lakehouse/ray'));
    await renderInTestApp(tester.reactElement(), {
      apis: [lakehouseApiPair()],
    });

    expect(
      await screen.findByRole('heading', { name: 'Data platform' }),
    ).toBeInTheDocument();
    const tabs = await Promise.all(
      ['Spark', 'Flink', 'Ray'].map(name => screen.findByRole('tab', { name })),
    );
    expect(tabs).toHaveLength(3);

    // The first tab is opened by default.
    expect(
      await screen.findByText("Spark 'local'", {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('orders-compaction')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Flink' }));
    expect(
      await screen.findByText("Flink 'staging'", {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('fraud-detector')).toBeInTheDocument();
    expect(
      screen.getByText("Error: Flink 'local' did not answer within 5 s"),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Ray' }));
    const ray = (
      await screen.findByText("Ray 'local'", {}, { timeout: 5000 })
    ).closest('.MuiCard-root') as HTMLElement;
    expect(
      await within(ray).findByText('feature-backfill'),
    ).toBeInTheDocument();
    expect(within(ray).getByText('scorer (/score)')).toBeInTheDocument();
  }, 30_000);
});
