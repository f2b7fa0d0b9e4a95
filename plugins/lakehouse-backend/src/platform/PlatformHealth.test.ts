import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { withTestAwsCredentials } from '@internal/plugin-lakehouse-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NESSIE, nessieHandlers } from '../__testUtils__/nessieFixture';
import { PlatformHealth } from './PlatformHealth';

const S3 = 'http://s3.test:8333';
const server = setupServer();
registerMswTestHooks(server);
withTestAwsCredentials();

const health = () =>
  new PlatformHealth({
    nessieUrl: NESSIE,
    warehouse: 'warehouse',
    timeoutMs: 500,
    objectStore: {
      endpoint: S3,
      region: 'us-east-1',
      forcePathStyle: true,
      maxObjectBytes: 1 << 20,
    },
  });

// The anonymous GET is refused with the server's name; the SDK's signed ListBuckets gets `list`.
const s3Answers = (list: () => Response) => [
  http.get(`${S3}/`, ({ request }) =>
    request.headers.has('authorization')
      ? list()
      : new HttpResponse('<Error><Code>AccessDenied</Code></Error>', {
          status: 403,
          headers: { server: 'SeaweedFS 8000GB 4.48' },
        }),
  ),
];
const buckets = () =>
  HttpResponse.xml(
    '<ListAllMyBucketsResult><Buckets><Bucket><Name>warehouse</Name></Bucket><Bucket><Name>logs</Name></Bucket></Buckets></ListAllMyBucketsResult>',
  );

describe('PlatformHealth', () => {
  it("reports each service's version, latency and contents", async () => {
    server.use(...nessieHandlers(), ...s3Answers(buckets));
    const { items } = await health().check();
    expect(items).toEqual([
      expect.objectContaining({
        service: 'nessie',
        reachable: true,
        version: 'API v2',
        latencyMs: expect.any(Number),
        contents: { label: 'references', names: ['v1', 'dev', 'main'] },
      }),
      expect.objectContaining({
        service: 's3',
        url: S3,
        reachable: true,
        version: 'SeaweedFS 8000GB 4.48',
        contents: { label: 'buckets', names: ['warehouse', 'logs'] },
      }),
    ]);
    expect(items.every(i => i.error === undefined)).toBe(true);
  });

  it('reports a hung Nessie as down within its timeout, and the object store all the same', async () => {
    server.use(
      http.get(
        `${NESSIE}/api/v2/config`,
        () => new Promise<Response>(() => {}),
      ),
      ...s3Answers(buckets),
    );
    const started = Date.now();
    const [nessie, s3] = (await health().check()).items;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(nessie).toMatchObject({
      reachable: false,
      error: expect.stringMatching(
        /did not answer: No answer .* within 500 ms/,
      ),
    });
    expect(s3.reachable).toBe(true);
  });

  it('tells a store it cannot reach from credentials it refuses', async () => {
    server.use(
      ...nessieHandlers(),
      http.get(`${S3}/`, () => HttpResponse.error()),
    );
    let s3 = (await health().check()).items[1];
    expect(s3).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/^No answer from http:\/\/s3.test:8333/),
    });
    server.use(
      ...s3Answers(() =>
        HttpResponse.xml(
          '<Error><Code>InvalidAccessKeyId</Code><Message>unknown key</Message></Error>',
          {
            status: 403,
          },
        ),
      ),
    );
    s3 = (await health().check()).items[1];
    expect(s3).toMatchObject({
      reachable: true,
      contents: { names: [] },
      error: expect.stringMatching(
        /^Listing buckets failed: .*Check the portal's S3 credentials/,
      ),
    });
  });
});
