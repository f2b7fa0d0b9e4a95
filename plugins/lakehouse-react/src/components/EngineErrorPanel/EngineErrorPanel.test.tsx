import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { EngineErrorPanel } from './EngineErrorPanel';
import { adviseOnEngineError } from './whatToCheck';

describe('adviseOnEngineError', () => {
  it('explains a timeout with the configured limit and what to check', () => {
    const advice = adviseOnEngineError('flink', 'local', {
      kind: 'timeout',
      message:
        'No complete answer from http://localhost:8081/overview within 5000 ms',
    });
    expect(advice.headline).toBe("Flink 'local' did not answer within 5 s");
    expect(advice.whatToCheck).toContain('JobManager is up');
    expect(advice.whatToCheck).toContain('local-platform/lp status flink');
    expect(advice.whatToCheck).toContain('lakehouse.engines.flink[].url');
  });

  it.each([
    [
      {
        kind: 'unreachable' as const,
        message: 'Cannot reach http://ray:8265: ECONNREFUSED',
      },
      "Ray 'local' cannot be reached",
      'Ray head (dashboard) is running',
    ],
    [
      { kind: 'http' as const, status: 404, message: 'x answered HTTP 404' },
      "Ray 'local' answered HTTP 404",
      'check the port and the path',
    ],
    [
      { kind: 'http' as const, status: 502, message: 'x answered HTTP 502' },
      "Ray 'local' answered HTTP 502",
      'local-platform/lp logs ray',
    ],
    [
      {
        kind: 'http' as const,
        status: 302,
        message: 'x answered HTTP 302 (redirects are not followed)',
      },
      "Ray 'local' answered HTTP 302",
      'does not follow redirects',
    ],
    [
      { kind: 'http' as const, status: 403, message: 'x answered HTTP 403' },
      "Ray 'local' answered HTTP 403",
      'authentication',
    ],
    [
      {
        kind: 'malformed' as const,
        message: "x answered unexpected JSON at 'data.result'",
      },
      "Ray 'local' sent an answer the portal cannot read",
      'not at another service',
    ],
    [
      {
        kind: 'too-large' as const,
        message: 'x answered more than 10485760 bytes',
      },
      "Ray 'local' sent an answer larger than the backend accepts",
      'retained jobs',
    ],
  ])('advises on %o', (error, headline, check) => {
    const advice = adviseOnEngineError('ray', 'local', error);
    expect(advice.headline).toBe(headline);
    expect(advice.whatToCheck).toContain(check);
  });
});

describe('EngineErrorPanel', () => {
  it('names the engine, instance, error kind, message and what to do, and says last good data is shown', async () => {
    await renderInTestApp(
      <EngineErrorPanel
        engine="spark"
        instance="local"
        error={{
          kind: 'unreachable',
          message: 'Cannot reach http://localhost:8080/json/: ECONNREFUSED',
        }}
        failedAt="2026-11-26T18:30:00Z"
        lastGoodAgeMs={125_000}
        hasData
      />,
    );
    expect(
      screen.getByText("Error: Spark 'local' cannot be reached"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Spark master is running \(local-platform\/lp status spark\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Error (unreachable):')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Cannot reach http://localhost:8080/json/: ECONNREFUSED',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Showing the last good data, from 2 min ago\./),
    ).toBeInTheDocument();
  });

  it('says when there is no data at all', async () => {
    await renderInTestApp(
      <EngineErrorPanel
        engine="ray"
        instance="gpu"
        error={{ kind: 'http', status: 500, message: 'x answered HTTP 500' }}
        hasData={false}
      />,
    );
    expect(
      screen.getByText("Error: Ray 'gpu' answered HTTP 500"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No data has been received from this instance yet.'),
    ).toBeInTheDocument();
  });
});
