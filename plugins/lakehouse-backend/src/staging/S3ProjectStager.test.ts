import { ConfigReader } from '@backstage/config';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectArchive } from './ProjectArchive';
import {
  createStagingClient,
  readStagingConfig,
  S3ProjectStager,
} from './S3ProjectStager';
import { S3ProjectStore } from './S3ProjectStore';

/** An object store that accepts connections and never answers (a frozen S3 server). */
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer(() => undefined);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

const project = {
  files: [{ path: 'main.py', content: Buffer.from('print(1)') }],
  zip: Buffer.from('PK'),
} as unknown as ProjectArchive;

const staging = () => {
  const config = readStagingConfig(
    new ConfigReader({
      lakehouse: {
        staging: {
          endpoint,
          bucket: 'warehouse',
          accessKeyId: 'k',
          secretAccessKey: 'staging-secret-value',
          timeout: { milliseconds: 300 },
        },
      },
    }),
  )!;
  return { config, client: createStagingClient(config) };
};

describe('S3 staging against a store that hangs', () => {
  it('fails a submission within its timeout, saying so', async () => {
    const { config, client } = staging();
    const started = Date.now();
    await expect(
      new S3ProjectStager(config, client).stage('job', 'id-1', project),
    ).rejects.toThrow(
      /Could not stage the project in s3:\/\/warehouse\/portal\/apps\/job\/id-1\/ \(no answer within 300 ms\)/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fails a publish within its timeout', async () => {
    const { config, client } = staging();
    const started = Date.now();
    await expect(
      new S3ProjectStore(config, client).publish(
        'proj',
        project,
        'group:default/data-platform',
      ),
    ).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
