import type { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { PlatformHealthResponse } from '@internal/plugin-lakehouse-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BASE_URL, lakehouseApiPair } from '../../__testUtils__/backend';
import { PlatformServiceCard } from './PlatformServiceCard';

const server = setupServer();
registerMswTestHooks(server);

const health: PlatformHealthResponse = {
  items: [
    {
      service: 'nessie',
      url: 'http://nessie:19120',
      reachable: false,
      contents: { label: 'references', names: [] },
      error:
        'Nessie at http://nessie:19120 did not answer: connect ECONNREFUSED',
      checkedAt: '2026-12-01T08:00:00Z',
    },
    {
      service: 's3',
      url: 'http://minio:9000',
      reachable: true,
      latencyMs: 12,
      version: 'MinIO',
      contents: { label: 'buckets', names: ['warehouse', 'logs'] },
      checkedAt: '2026-12-01T08:00:00Z',
    },
  ],
};

const render = (service: string) =>
  renderInTestApp(
    <EntityProvider
      entity={
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: service,
            annotations: { 'lakehouse.io/platform-service': service },
          },
          spec: {
            type: 'service',
            owner: 'platform-team',
            lifecycle: 'production',
          },
        } as Entity
      }
    >
      <PlatformServiceCard />
    </EntityProvider>,
    { apis: [lakehouseApiPair()] },
  );

describe('PlatformServiceCard', () => {
  beforeEach(() =>
    server.use(
      http.get(`${BASE_URL}/platform/health`, () => HttpResponse.json(health)),
    ),
  );

  it("shows the object store's latency, version and buckets", async () => {
    await render('s3');
    expect(await screen.findByText('reachable')).toBeInTheDocument();
    expect(screen.getByText('12 ms')).toBeInTheDocument();
    expect(screen.getByText('MinIO')).toBeInTheDocument();
    expect(screen.getByText('warehouse, logs')).toBeInTheDocument();
  });

  it('says a service is down, with what failed, on its own page only', async () => {
    await render('nessie');
    expect(await screen.findByText('unreachable')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('ECONNREFUSED');
    expect(screen.queryByText('MinIO')).not.toBeInTheDocument();
  });
});
