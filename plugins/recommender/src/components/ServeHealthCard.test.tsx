import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import {
  backendError,
  mswServer,
  REC,
  serveAnswer,
  testApis,
} from '../__testUtils__/apis';
import { ServeHealthCard } from './ServeHealthCard';

const server = mswServer();

const render = (promotedVersionId?: string) =>
  renderInTestApp(<ServeHealthCard promotedVersionId={promotedVersionId} />, {
    apis: testApis(),
  });

describe('ServeHealthCard', () => {
  it("shows the application's state, its replicas and the version served", async () => {
    server.use(
      http.get(`${REC}/serve`, async () => {
        await delay(100);
        return HttpResponse.json(serveAnswer());
      }),
    );
    await render('rec-v1');
    expect(
      screen.getByText(
        'Asking Ray Serve and the recommendation service how they are…',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Application status'),
    ).toHaveTextContent('RUNNING');
    expect(screen.getByLabelText('Replicas of Recommender')).toHaveTextContent(
      '1 of 1 running (target 1)',
    );
    expect(screen.getByLabelText('Version served')).toHaveTextContent('rec-v1');
    expect(screen.getByLabelText('Knows')).toHaveTextContent(
      '198 users, 100 products',
    );
    expect(screen.queryByText(/still serves/)).not.toBeInTheDocument();
  });

  it('shows what could not be asked as data, beside what could', async () => {
    server.use(
      http.get(`${REC}/serve`, () =>
        HttpResponse.json(
          serveAnswer({
            status: null,
            deployments: [],
            lastDeployedAt: null,
            errors: [
              {
                source: 'ray-serve-api',
                message:
                  'No answer from http://ray-head:8265/api/serve/applications/ within 5000 ms',
              },
            ],
            served: {
              versionId: 'rec-v1',
              loadedAt: '2026-11-30T15:21:00Z',
              checkedAt: '2026-11-30T15:25:01Z',
              error:
                'version rec-v3 has no model files under models/recommender/versions/rec-v3/; serving rec-v1',
              users: 198,
              products: 100,
            },
          }),
        ),
      ),
    );
    await render('rec-v3');
    expect(
      await screen.findByText(/No answer from http:\/\/ray-head:8265/),
    ).toHaveTextContent(
      "Ray Serve's REST API: No answer from http://ray-head:8265/api/serve/applications/ within 5000 ms",
    );
    expect(
      screen.queryByLabelText('Application status'),
    ).not.toBeInTheDocument();
    expect(screen.getByLabelText('Version served')).toHaveTextContent('rec-v1');
    expect(
      screen.getByText(/rec-v3 is promoted; the service still serves rec-v1/),
    ).toHaveTextContent('rec-v3 has no model files');
    expect(screen.getByLabelText('Last error')).toHaveTextContent(
      'serving rec-v1',
    );
  });

  it('shows both sources failing, and a deployment in trouble', async () => {
    server.use(
      http.get(`${REC}/serve`, () =>
        HttpResponse.json(
          serveAnswer({
            status: 'DEPLOYING',
            message: 'Deploying new version.',
            deployments: [
              {
                name: 'Recommender',
                status: 'UPSCALING',
                message: 'Upscaling from 1 to 3 replicas.',
                replicas: {
                  running: 1,
                  total: 3,
                  target: 3,
                  byState: { RUNNING: 1, STARTING: 2 },
                },
              },
            ],
            served: null,
            errors: [
              {
                source: 'service',
                message:
                  'The recommendation service (http://ray-head:8000/status) answered HTTP 503: upstream connect error',
              },
            ],
          }),
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(/answered HTTP 503: upstream connect error/),
    ).toHaveTextContent('The recommendation service:');
    expect(screen.getByLabelText('Application status')).toHaveTextContent(
      'DEPLOYING',
    );
    expect(screen.getByText('Deploying new version.')).toBeInTheDocument();
    expect(screen.getByLabelText('Replicas of Recommender')).toHaveTextContent(
      '1 of 3 running (target 3); 2 starting',
    );
    expect(screen.queryByLabelText('Version served')).not.toBeInTheDocument();
  });

  it('says when Ray Serve is not configured, and when the backend fails', async () => {
    server.use(
      http.get(`${REC}/serve`, () =>
        HttpResponse.json(
          serveAnswer({
            configured: false,
            status: null,
            deployments: [],
            served: null,
          }),
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(/Ray Serve is not configured/),
    ).toBeInTheDocument();
  });

  it("shows the backend's own failure", async () => {
    server.use(
      http.get(`${REC}/serve`, () =>
        backendError(
          403,
          'NotAllowedError',
          'Missing permission recommender.model.read',
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(
        'The recommender backend did not answer: HTTP 403: Missing permission recommender.model.read',
      ),
    ).toBeInTheDocument();
  });
});
