import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  renderKustomization,
  REPO_ROOT,
  type K8sObject,
} from './__testUtils__/render';
import {
  rayAppsImage,
  rayJobCommand,
  repoPathOf,
} from './__testUtils__/rayApps';

/**
 * What KubeRay would run for k8s/base/apps, short of a cluster: the RayService's serveConfigV2 through Ray
 * Serve's own schema and the application's builder with its args, each RayJob's entrypoint arguments and
 * settings through its app's own checks, all with the local platform's Ray (the version the cluster runs).
 * Manifests that break them are refused with the app's reason.
 */
const RAY_PYTHON = path.join(
  REPO_ROOT,
  'local-platform/.install/venvs/ray/bin/python',
);
const CHECKER = path.join(__dirname, '__testUtils__/check_ray_apps.py');
const run = promisify(execFile);

type Answer = {
  errors: string[];
  serve: { name: string; deployments: Record<string, number> }[];
  jobs: { app: string; settings?: Record<string, unknown> }[];
};

const image = rayAppsImage();
const base = renderKustomization('base');

/** The checker's request: the apps' code as the image has it, from the repository. */
function request(objects: K8sObject[]) {
  const fromImage = (p: string) => {
    const repo = repoPathOf(p, image.copies);
    if (!repo) throw new Error(`${p} is not in the lakehouse-ray image`);
    return path.join(REPO_ROOT, repo);
  };
  return {
    services: objects
      .filter(o => o.kind === 'RayService')
      .map(s => ({
        serveConfig: s.spec.serveConfigV2,
        pythonPath: fromImage(image.pythonPath[0]),
      })),
    jobs: objects
      .filter(o => o.kind === 'RayJob')
      .map(job => {
        const { file, argv, env } = rayJobCommand(job);
        return { appDir: path.dirname(fromImage(file)), argv, env };
      }),
  };
}

async function check(objects: K8sObject[]): Promise<Answer> {
  if (!fs.existsSync(RAY_PYTHON))
    throw new Error(
      `${RAY_PYTHON} is missing: run local-platform/lp up ray first`,
    );
  const child = run(RAY_PYTHON, [CHECKER], {
    timeout: 120_000,
    maxBuffer: 4 << 20,
  });
  child.child.stdin!.end(JSON.stringify(request(objects)));
  const { stdout } = await child;
  return JSON.parse(stdout) as Answer;
}

/** base with one object changed. */
function changed(kind: string, edit: (o: K8sObject) => void): K8sObject[] {
  return base.map(o => {
    if (o.kind !== kind) return o;
    const copy = structuredClone(o);
    edit(copy);
    return copy;
  });
}

jest.setTimeout(300_000);

it('runs as deployed: the Serve application is built from its args, the jobs accept their settings', async () => {
  const answer = await check(base);
  expect(answer.errors).toEqual([]);
  // replicas: 2 in the RayService's args reaches the deployment.
  expect(answer.serve).toEqual([
    { name: 'recommender', deployments: { Recommender: 2 } },
  ]);
  expect(answer.jobs).toEqual(
    expect.arrayContaining([
      {
        app: 'clickstream-simulator',
        settings: {
          rate: 20,
          fraudPerMinute: 2,
          duration: 0,
          controlPrefix: 'live/simulator',
        },
      },
      {
        app: 'recommender-training',
        settings: { catalogUri: 'http://nessie:19120/iceberg/', workers: 2 },
      },
    ]),
  );
});

const serveArgs = (args: Record<string, unknown>) => (o: K8sObject) => {
  o.spec.serveConfigV2 = o.spec.serveConfigV2.replace(
    /args:\n(\s+)bucket: warehouse/,
    (_: string, indent: string) =>
      `args:\n${Object.entries(args)
        .map(([k, v]) => `${indent}${k}: ${v}`)
        .join('\n')}\n${indent}bucket: warehouse`,
  );
};

it.each([
  [
    'a misspelt Serve arg',
    'RayService',
    serveArgs({ replica: 3 }),
    'unknown keys replica',
  ],
  [
    'zero Serve replicas',
    'RayService',
    (o: K8sObject) => {
      o.spec.serveConfigV2 = o.spec.serveConfigV2.replace(
        'replicas: 2',
        'replicas: 0',
      );
    },
    'replicas must be a whole number from 1 to 16',
  ],
  [
    'a builder that does not exist',
    'RayService',
    (o: K8sObject) => {
      o.spec.serveConfigV2 = o.spec.serveConfigV2.replace(
        ':build_app',
        ':build',
      );
    },
    "has no attribute 'build'",
  ],
  [
    'an unknown Serve config field',
    'RayService',
    (o: K8sObject) => {
      o.spec.serveConfigV2 = o.spec.serveConfigV2.replace(
        'route_prefix: /',
        'route_prefix: /\n        replicas: 2',
      );
    },
    'serveConfigV2',
  ],
  [
    'an absurd fraud rate for the simulator',
    'RayJob',
    (o: K8sObject) => {
      o.spec.entrypoint = o.spec.entrypoint.replace(
        '--fraud-per-minute 2',
        '--fraud-per-minute 600',
      );
    },
    'fraudPerMinute must be 0..6',
  ],
  [
    'zero training workers',
    'RayJob',
    (o: K8sObject) => {
      if (o.metadata.name === 'recommender-training')
        o.spec.runtimeEnvYAML = o.spec.runtimeEnvYAML.replace(
          'REC_WORKERS: "2"',
          'REC_WORKERS: "0"',
        );
    },
    'workers',
  ],
])('refuses %s with the reason', async (_what, kind, edit, reason) => {
  const answer = await check(changed(kind, edit));
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors[0]).toContain(reason);
});
