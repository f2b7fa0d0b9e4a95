import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { parseRequirementsTxt } from '@internal/plugin-lakehouse-common';
import {
  CrdValidator,
  checkKubernetesId,
  checkNoLiteralSecrets,
} from '@internal/lakehouse-test-utils';

/**
 * Every template in templates/: parameters and steps are consistent, and the
 * skeleton, rendered by the real fetch:template action with the form's
 * defaults, is a working project (its own unit tests pass with python3), a
 * valid catalog entity and a manifest valid against the operator's CRD.
 */
jest.setTimeout(60_000);

const TEMPLATES = resolvePackagePath(
  '@internal/plugin-scaffolder-backend-module-lakehouse',
  '../../templates',
);
const names = readdirSync(TEMPLATES).filter(n =>
  readdirSync(join(TEMPLATES, n)).includes('template.yaml'),
);
const KINDS: Record<string, string> = {
  spark: 'SparkApplication',
  flink: 'FlinkSessionJob',
  ray: 'RayJob',
};
let crds: CrdValidator;
beforeAll(() => {
  crds = new CrdValidator();
});

function load(name: string) {
  return yaml.parse(
    readFileSync(join(TEMPLATES, name, 'template.yaml'), 'utf8'),
  );
}

/** The form's defaults plus the required fields a user types. */
function formValues(template: any, name: string): Record<string, unknown> {
  const values: Record<string, unknown> = {
    name,
    owner: 'group:default/data-platform',
  };
  for (const page of template.spec.parameters) {
    for (const [key, prop] of Object.entries<any>(page.properties ?? {})) {
      if (prop.default !== undefined) values[key] = prop.default;
    }
  }
  return values;
}

/** The render step's values are plain `${{ parameters.x }}` references; resolve them. */
function renderValues(step: any, params: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries<string>(step.input.values).map(([k, v]) => {
      const match = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(v);
      if (!match) throw new Error(`render value ${k} is not a parameter: ${v}`);
      return [k, params[match[1]]];
    }),
  );
}

const tempDirs: string[] = [];
afterAll(() =>
  tempDirs.forEach(dir => rmSync(dir, { recursive: true, force: true })),
);
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

async function render(name: string) {
  const template = load(name);
  const params = formValues(template, `my-${name}`);
  const step = template.spec.steps.find(
    (s: any) => s.action === 'fetch:template',
  );
  const workspacePath = tempDir(`${name}-`);
  const action = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  await action.handler({
    ...createMockActionContext({
      workspacePath,
      input: { ...step.input, values: renderValues(step, params) },
    }),
    // fetch:template stages the skeleton in a temporary directory: not the workspace.
    createTemporaryDirectory: async () => tempDir('fetch-'),
    templateInfo: {
      entityRef: `template:default/${name}`,
      baseUrl: pathToFileURL(join(TEMPLATES, name, 'template.yaml')).toString(),
    },
  } as any);
  return { template, params, workspacePath };
}

describe.each(names)('template %s', name => {
  const engine = load(name).metadata.annotations['lakehouse.io/engine'];

  it('declares one engine and uses its actions in order', () => {
    const template = load(name);
    expect(Object.keys(KINDS)).toContain(engine);
    const actions = template.spec.steps.map((s: any) => s.action);
    expect(actions).toEqual([
      'fetch:template',
      'publish:github',
      'lakehouse:project:publish',
      `lakehouse:${engine}:submit`,
      'lakehouse:job:wait',
      'catalog:register',
    ]);
    const nameField = template.spec.parameters[0].properties.name;
    // A DNS-1123 label; a RayJob's name is stricter (KubeRay: at most 47 characters, a letter first).
    expect(nameField).toMatchObject(
      engine === 'ray'
        ? { maxLength: 47, pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$' }
        : { maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    );
  });

  it('renders a project whose own tests pass', async () => {
    const { workspacePath } = await render(name);
    const out = execFileSync(
      'python3',
      ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
      {
        cwd: workspacePath,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toBe('');
    const all = execFileSync(
      'grep',
      ['-rl', '--exclude-dir=__pycache__', '${{', '.'],
      {
        cwd: workspacePath,
        encoding: 'utf8',
      },
    ).trim();
    // Only the tests mention the placeholder syntax (to assert it is gone).
    expect(all.split('\n').every(f => f.startsWith('./tests/'))).toBe(true);
  });

  it('renders a requirements.txt the submit API accepts', async () => {
    const { workspacePath } = await render(name);
    const text = readFileSync(join(workspacePath, 'requirements.txt'), 'utf8');
    // Only comments: the skeleton needs nothing beyond its engine, and says how to add what an app needs.
    expect(parseRequirementsTxt(text)).toEqual({ requirements: [] });
    expect(
      parseRequirementsTxt(`${text}pandas==2.2.3\n--index-url http://x\n`),
    ).toEqual({ error: expect.stringMatching(/line 5/) });
  });

  it('renders a catalog entity the status card can follow', async () => {
    const { workspacePath, params } = await render(name);
    const entity = yaml.parse(
      readFileSync(join(workspacePath, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: params.name,
        annotations: {
          'lakehouse.io/engine': engine,
          'lakehouse.io/engine-instance': 'local',
          'lakehouse.io/job-name': params.name,
        },
      },
      spec: {
        type: `${engine}-job`,
        owner: 'group:default/data-platform',
        system: 'lakehouse-platform',
      },
    });
  });

  it('renders a Kubernetes manifest valid against the real CRD', async () => {
    const { workspacePath } = await render(name);
    const dir = join(workspacePath, 'k8s');
    const [file] = readdirSync(dir);
    const manifest = yaml.parse(readFileSync(join(dir, file), 'utf8'));
    expect(manifest.kind).toBe(KINDS[engine]);
    expect(crds.validate(manifest)).toEqual([]);
    expect([
      ...checkNoLiteralSecrets(manifest),
      ...checkKubernetesId(manifest),
    ]).toEqual([]);
  });
});
