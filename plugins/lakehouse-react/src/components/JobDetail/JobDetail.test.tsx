import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { JobDetailResponse } from '@internal/plugin-lakehouse-common';
import { lakehouseApiPair } from '../../testUtils/lakehouseApiPair';
import {
  BASE_URL,
  errorBody,
  flinkDetail,
  rayDetail,
  sparkApp,
  sparkDriverDetail,
} from '../../__testUtils__/fixtures';
import { JobDetail } from './JobDetail';
import { MAX_LOG_CHARS } from './RayDetail';

const server = setupServer();
registerMswTestHooks(server);

const apis = [lakehouseApiPair()] as const;

describe('JobDetail', () => {
  it('shows a Flink job with vertices, checkpoints and exceptions', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/flink/local/${flinkDetail.job.id}`, () =>
        HttpResponse.json(flinkDetail),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="flink" instance="local" jobId={flinkDetail.job.id} />,
      { apis },
    );
    expect(
      screen.getByText(`Loading Flink job ${flinkDetail.job.id}…`),
    ).toBeInTheDocument();
    expect(await screen.findByText('fraud-detector')).toBeInTheDocument();
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.getByText('RESTARTING')).toBeInTheDocument();

    const vertices = screen.getByRole('table', { name: 'Flink vertices' });
    const sink = within(vertices)
      .getByText('FraudDetector -> Sink: alerts')
      .closest('tr')!;
    expect(within(sink).getByText('4')).toBeInTheDocument();
    expect(within(sink).getByText('RUNNING')).toBeInTheDocument();
    expect(within(sink).getByText('1 h 29 min')).toBeInTheDocument();
    expect(within(sink).getByText('118,000')).toBeInTheDocument();
    const source = within(vertices)
      .getByText('Source: transactions')
      .closest('tr')!;
    expect(within(source).getByText('high (87%)')).toBeInTheDocument();

    const flow = screen.getByRole('table', { name: 'Flink job flow' });
    expect(
      within(
        within(flow).getByText('Records in (sources)').closest('tr')!,
      ).getByText('120,000'),
    ).toBeInTheDocument();
    expect(within(flow).getByText(/behind now\)$/)).toBeInTheDocument();
    expect(within(flow).getByText('high')).toBeInTheDocument();

    const checkpoints = screen.getByRole('table', {
      name: 'Flink checkpoints',
    });
    expect(
      within(
        within(checkpoints).getByText('Completed').closest('tr')!,
      ).getByText('117'),
    ).toBeInTheDocument();
    expect(
      within(within(checkpoints).getByText('Failed').closest('tr')!).getByText(
        '2',
      ),
    ).toBeInTheDocument();

    expect(
      screen.getByText(/java.io.IOException in FraudDetector \(2\/4\)/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Connection reset by peer/)).toBeInTheDocument();
  });

  it('says which parts of a Flink job the engine did not answer, instead of showing none', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/flink/local/${flinkDetail.job.id}`, () =>
        HttpResponse.json<JobDetailResponse>({
          ...flinkDetail,
          detail: {
            ...flinkDetail.detail,
            checkpoints: null,
            exceptions: [],
            sectionErrors: [
              {
                section: 'checkpoints',
                message: 'http://127.0.0.1:8081/jobs/x/checkpoints timed out',
              },
            ],
          } as JobDetailResponse['detail'],
        }),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="flink" instance="local" jobId={flinkDetail.job.id} />,
      { apis },
    );
    const alert = await screen.findByRole('alert', {
      name: 'Parts not available',
    });
    expect(alert).toHaveTextContent(
      'The engine did not answer for checkpoints: http://127.0.0.1:8081/jobs/x/checkpoints timed out',
    );
    expect(
      screen.getByText('Checkpoint statistics could not be read.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No checkpoint statistics/)).toBeNull();
    expect(screen.getByText('No exceptions recorded.')).toBeInTheDocument();
  });

  it('shows a Ray job with its logs in a scrollable box', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/ray/local/${rayDetail.job.id}`, () =>
        HttpResponse.json(rayDetail),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="ray" instance="local" jobId={rayDetail.job.id} />,
      { apis },
    );
    expect(await screen.findByText('feature-backfill')).toBeInTheDocument();
    expect(screen.getByText('python backfill.py --days 7')).toBeInTheDocument();
    expect(screen.getByText('Job finished successfully.')).toBeInTheDocument();
    const logs = screen.getByLabelText('Ray job logs');
    expect(logs).toHaveTextContent('wrote 7 partitions');
    expect(logs).toHaveStyle({ overflow: 'auto', fontFamily: 'monospace' });
    expect(screen.queryByText(/Showing the last/)).not.toBeInTheDocument();
  });

  it('caps huge Ray logs to their tail', async () => {
    const logs = `${'x'.repeat(MAX_LOG_CHARS)}\nTraceback: the end`;
    server.use(
      http.get(`${BASE_URL}/jobs/ray/local/${rayDetail.job.id}`, () =>
        HttpResponse.json({
          ...rayDetail,
          detail: { ...rayDetail.detail, logs },
        }),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="ray" instance="local" jobId={rayDetail.job.id} />,
      { apis },
    );
    const box = await screen.findByLabelText('Ray job logs');
    expect(box.textContent).toHaveLength(MAX_LOG_CHARS);
    expect(box.textContent!.endsWith('Traceback: the end')).toBe(true);
    expect(
      screen.getByText('Showing the last 64 KiB of the log.'),
    ).toBeInTheDocument();
  });

  it('shows a Spark driver with its submission server message', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/spark/local/${sparkDriverDetail.job.id}`, () =>
        HttpResponse.json(sparkDriverDetail),
      ),
    );
    await renderInTestApp(
      <JobDetail
        engine="spark"
        instance="local"
        jobId={sparkDriverDetail.job.id}
      />,
      { apis },
    );
    expect(
      await screen.findByText('org.apache.spark.deploy.SparkSubmit'),
    ).toBeInTheDocument();
    expect(screen.getByText('512 MiB')).toBeInTheDocument();
    expect(
      screen.getByText(/ClassNotFoundException: com.example.Compaction/),
    ).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
  });

  it('shows a Spark application', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/spark/local/${sparkApp.id}`, () =>
        HttpResponse.json<JobDetailResponse>({
          job: sparkApp,
          detail: {
            source: 'rest',
            engine: 'spark',
            application: {
              user: 'root',
              cores: 2,
              memoryPerExecutorMiB: 1024,
              masterState: 'RUNNING',
              submitted: 'Thu Nov 26 18:29:04 UTC 2026',
            },
            sectionErrors: [],
          },
        }),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="spark" instance="local" jobId={sparkApp.id} />,
      { apis },
    );
    const app = await screen.findByRole('table', { name: 'Spark application' });
    expect(within(app).getByText('root')).toBeInTheDocument();
    expect(within(app).getByText('1.0 GiB')).toBeInTheDocument();
  });

  it('shows a job read from a custom resource the same way for every engine', async () => {
    const id = 'SparkApplication:etl:nightly';
    server.use(
      http.get(`${BASE_URL}/jobs/spark/platform/*`, () =>
        HttpResponse.json<JobDetailResponse>({
          job: {
            id,
            name: 'nightly',
            engine: 'spark',
            instance: 'platform',
            kind: 'application',
            state: 'FAILED',
            rawState: 'FAILED',
            links: [],
          },
          detail: {
            source: 'kubernetes',
            engine: 'spark',
            cluster: 'platform',
            resource: {
              apiVersion: 'sparkoperator.k8s.io/v1beta2',
              kind: 'SparkApplication',
              namespace: 'etl',
              name: 'nightly',
            },
            rawState: 'FAILED',
            message: 'driver container failed with ExitCode: 1',
            conditions: [
              { type: 'Ready', status: 'False', reason: 'DriverFailed' },
            ],
            status: {
              'applicationState.state': 'FAILED',
              executionAttempts: 1,
            },
          },
        }),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="spark" instance="platform" jobId={id} />,
      { apis },
    );
    expect(
      await screen.findByText('SparkApplication etl/nightly'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('driver container failed with ExitCode: 1'),
    ).toBeInTheDocument();
    expect(screen.getByText('DriverFailed')).toBeInTheDocument();
    expect(screen.getByLabelText('applicationState.state')).toHaveTextContent(
      'FAILED',
    );
    expect(screen.getByLabelText('executionAttempts')).toHaveTextContent('1');
    // Not the Spark REST sections.
    expect(screen.queryByText('Driver')).toBeNull();
  });

  it('says when the engine does not know the job', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/flink/local/abc`, () =>
        HttpResponse.json(
          errorBody(
            'NotFoundError',
            "flink instance 'local' has no job 'abc'",
            404,
          ),
          { status: 404 },
        ),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="flink" instance="local" jobId="abc" />,
      { apis },
    );
    expect(
      await screen.findByText("Error: Flink 'local' has no job 'abc'"),
    ).toBeInTheDocument();
  });

  it('passes on why the engine did not answer', async () => {
    server.use(
      http.get(`${BASE_URL}/jobs/ray/local/abc`, () =>
        HttpResponse.json(
          errorBody(
            'ServiceUnavailableError',
            "ray instance 'local' did not answer: Cannot reach http://ray:8265",
            503,
          ),
          { status: 503 },
        ),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="ray" instance="local" jobId="abc" />,
      { apis },
    );
    expect(
      await screen.findByText(
        "Error: Cannot load the details of Ray job 'abc'",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /HTTP 503: ray instance 'local' did not answer: Cannot reach http:\/\/ray:8265/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a job its engine forgot as the portal kept it, offering only a rerun', async () => {
    const kept: JobDetailResponse = {
      job: {
        ...rayDetail.job,
        state: 'FAILED',
        rawState: 'FAILED',
        fromHistory: true,
      },
      detail: {
        source: 'history',
        engine: 'ray',
        lastSeenAt: '2026-11-30T10:00:00.000Z',
        logTail: 'Traceback (most recent call last):\nValueError: bad day',
        submittedBy: 'user:default/ada',
        entrypoint: 'backfill.py',
        args: ['--days', '7'],
      },
    };
    server.use(
      http.get(`${BASE_URL}/jobs/ray/local/${kept.job.id}`, () =>
        HttpResponse.json(kept),
      ),
    );
    await renderInTestApp(
      <JobDetail engine="ray" instance="local" jobId={kept.job.id} />,
      { apis },
    );
    expect(await screen.findByText('kept history')).toBeInTheDocument();
    expect(
      screen.getByText(/Ray no longer lists this job/),
    ).toBeInTheDocument();
    expect(screen.getByText('user:default/ada')).toBeInTheDocument();
    expect(screen.getByText('backfill.py --days 7')).toBeInTheDocument();
    expect(screen.getByLabelText('Kept log tail')).toHaveTextContent(
      'ValueError: bad day',
    );
    expect(
      within(screen.getByRole('group', { name: 'Job controls' }))
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Rerun']);
  });
});
