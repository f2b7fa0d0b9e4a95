import { ConfigReader } from '@backstage/config';
import { submitJobRequestSchema } from '@internal/plugin-lakehouse-common';
import JSZip from 'jszip';
import { ProjectArchive } from '../staging/ProjectArchive';
import {
  describeAppSettings,
  readSecretSources,
  resolveAppSettings,
} from './appSettings';
import { redactSecrets } from './redact';

async function project(files: Record<string, string>) {
  const zip = new JSZip();
  for (const [path, content] of Object.entries(files)) zip.file(path, content);
  const base64 = (await zip.generateAsync({ type: 'nodebuffer' })).toString(
    'base64',
  );
  return ProjectArchive.fromBase64(base64, 'main.py');
}

const request = (extra: Record<string, unknown> = {}) =>
  submitJobRequestSchema.parse({
    engine: 'ray',
    instance: 'local',
    name: 'train',
    entrypoint: 'main.py',
    ...extra,
  });

const sources = readSecretSources(
  new ConfigReader({
    lakehouse: {
      secrets: {
        'lakehouse-s3': {
          description: 'warehouse credentials',
          env: {
            AWS_ACCESS_KEY_ID: 'portal-key-id',
            AWS_SECRET_ACCESS_KEY: 'very-secret-value-123',
          },
        },
      },
    },
  }),
);

describe('resolveAppSettings', () => {
  it("merges the project's requirements.txt with the request's list, first mention kept", async () => {
    const settings = resolveAppSettings(
      request({ requirements: ['pandas==2.2.3', 'numpy'], env: { A: '1' } }),
      await project({
        'main.py': '',
        'requirements.txt': '# pinned\nnumpy==2.1.3\nboto3\n',
      }),
      sources,
    );
    expect(settings).toEqual({
      requirements: ['numpy==2.1.3', 'boto3', 'pandas==2.2.3', 'numpy'],
      env: { A: '1' },
      secretEnv: {},
      secretSources: [],
    });
  });

  it('refuses a requirements.txt line a request could not send, naming the line', async () => {
    const bad = await project({
      'main.py': '',
      'requirements.txt': 'numpy\n-e git+https://evil.example/x.git\n',
    });
    expect(() => resolveAppSettings(request(), bad, sources)).toThrow(
      /Invalid project: requirements\.txt line 2/,
    );
  });

  it('gives the variables of named secret sources, never in the plan', async () => {
    const settings = resolveAppSettings(
      request({ secrets: ['lakehouse-s3'], env: { MODEL: 'm1' } }),
      await project({ 'main.py': '' }),
      sources,
    );
    expect(settings.secretEnv).toEqual({
      AWS_ACCESS_KEY_ID: 'portal-key-id',
      AWS_SECRET_ACCESS_KEY: 'very-secret-value-123',
    });
    const plan = describeAppSettings(settings, {
      requirements: 'r',
      env: 'e',
      secrets: 's',
    }).join('\n');
    expect(plan).toContain(
      'secrets from lakehouse-s3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY',
    );
    expect(plan).not.toContain('very-secret-value-123');
    // Registered when read: wherever an engine quotes it back, it is masked.
    expect(redactSecrets('key=very-secret-value-123')).toBe('key=***');
  });

  it('refuses an unknown source and an env that shadows a secret', async () => {
    const files = await project({ 'main.py': '' });
    expect(() =>
      resolveAppSettings(request({ secrets: ['prod-db'] }), files, sources),
    ).toThrow(
      "Unknown secret source 'prod-db'; declared: lakehouse-s3 (lakehouse.secrets in app-config)",
    );
    expect(() =>
      resolveAppSettings(
        request({
          secrets: ['lakehouse-s3'],
          env: { AWS_ACCESS_KEY_ID: 'mine' },
        }),
        files,
        sources,
      ),
    ).toThrow(
      /env sets AWS_ACCESS_KEY_ID, which the requested secret sources provide/,
    );
  });
});

it('refuses a source whose variables are all unset', async () => {
  const unset = readSecretSources(
    new ConfigReader({
      lakehouse: { secrets: { 'warehouse-s3': { env: {} } } },
    }),
  );
  const files = await project({ 'main.py': '' });
  expect(() =>
    resolveAppSettings(request({ secrets: ['warehouse-s3'] }), files, unset),
  ).toThrow(/'warehouse-s3' has no values in this deployment/);
});

describe('readSecretSources', () => {
  const read = (secrets: unknown) =>
    readSecretSources(new ConfigReader({ lakehouse: { secrets } } as any));

  it('is empty without config', () => {
    expect(readSecretSources(new ConfigReader({})).size).toBe(0);
  });

  it.each([
    [{ Bad_Name: { env: { A: 'x' } } }, /lowercase letters/],
    [
      { s3: { env: { PATH: 'x' } } },
      /lakehouse\.secrets\.s3\.env\.PATH: .*reserved/,
    ],
    [{ s3: { env: { A: 42 } } }, /string/],
  ])('fails at startup on %j', (secrets, message) => {
    expect(() => read(secrets)).toThrow(message);
  });
});
