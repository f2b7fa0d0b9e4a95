import fs from 'node:fs';
import path from 'node:path';
import {
  parseYamlObjects,
  renderKustomization,
  REPO_ROOT,
} from './__testUtils__/render';
import {
  rayAppsImage,
  rayJobCommand,
  repoFileExists,
  repoPathOf,
  serveApplications,
} from './__testUtils__/rayApps';

/**
 * The platform's apps on KubeRay (k8s/base/apps) against the code they run: what each RayJob's entrypoint
 * and the RayService's import path name must be in the lakehouse-ray image (k8s/images/ray/Dockerfile), the
 * image must copy what exists, and the portal must be pointed at the Services KubeRay makes. Whether the
 * apps accept their settings is checked by running them (platformApps.integration.ts).
 */
const objects = renderKustomization('base');
const byKind = (kind: string) => objects.filter(o => o.kind === kind);
const image = rayAppsImage();

describe('the lakehouse-ray image', () => {
  it('copies files and folders that exist in the repository', () => {
    expect(image.copies.length).toBeGreaterThan(0);
    expect(image.copies.filter(c => !repoFileExists(c.src))).toEqual([]);
  });

  it('runs the persistent RayCluster and the RayService', () => {
    const rayImages = [
      ...byKind('RayCluster'),
      ...byKind('RayService'),
    ].flatMap(o => JSON.stringify(o).match(/"image":"[^"]+"/g) ?? []);
    expect(rayImages.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rayImages)).toEqual(
      new Set(['"image":"lakehouse-ray:2.60.0-apps0.1.0"']),
    );
  });
});

describe('RayJobs of k8s/base/apps', () => {
  const jobs = byKind('RayJob');
  const catalog = fs
    .readdirSync(path.join(REPO_ROOT, 'apps'))
    .map(app => `apps/${app}/catalog-info.yaml`)
    .filter(repoFileExists)
    .flatMap(file =>
      parseYamlObjects(
        fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'),
        file,
      ).map(entity => ({ file, entity })),
    );

  it('are the trainer and the simulator', () => {
    expect(jobs.map(j => j.metadata.name).sort()).toEqual([
      'clickstream-simulator',
      'recommender-training',
    ]);
  });

  it.each(jobs.map(j => [j.metadata.name, j]))(
    '%s runs a main.py the image has, on the persistent cluster, under its catalog job name',
    (_name, job) => {
      const { file } = rayJobCommand(job);
      const source = repoPathOf(file, image.copies);
      expect(source).toMatch(/^apps\/[^/]+\/main\.py$/);
      expect(repoFileExists(source!)).toBe(true);
      expect(job.spec.clusterSelector).toEqual({
        'ray.io/cluster': byKind('RayCluster')[0].metadata.name,
      });
      // The portal finds an app's runs by the job name in its catalog entity.
      // ... the entity the app's own folder declares.
      const claimed = catalog.find(
        ({ entity }) =>
          entity.metadata.annotations?.['backstage.io/kubernetes-id'] ===
          job.metadata.labels['backstage.io/kubernetes-id'],
      );
      expect(claimed?.file).toBe(`${path.dirname(source!)}/catalog-info.yaml`);
      expect(
        claimed?.entity.metadata.annotations?.['lakehouse.io/job-name'],
      ).toBe(job.spec.metadata?.name);
    },
  );
});

describe('the RayService recommender-serving', () => {
  const [service] = byKind('RayService');
  const apps = serveApplications(service);

  it("imports an application builder the image's PYTHONPATH has", () => {
    expect(apps.map(a => a.name)).toEqual(['recommender']);
    for (const app of apps) {
      const [module, attr] = app.import_path.split(':');
      const file = `${module.replace(/\./g, '/')}.py`;
      const found = image.pythonPath
        .map(dir => repoPathOf(`${dir}/${file}`, image.copies))
        .filter((p): p is string => !!p && repoFileExists(p));
      expect(found).toHaveLength(1);
      const source = fs.readFileSync(path.join(REPO_ROOT, found[0]), 'utf8');
      expect(source).toMatch(new RegExp(`^def ${attr}\\(args\\)`, 'm'));
    }
  });

  it("is what the portal's config reaches, through the Services KubeRay names after it", () => {
    const env = objects.find(
      o => o.kind === 'ConfigMap' && o.metadata.name === 'portal-env',
    )!.data;
    const name = service.metadata.name;
    expect(new URL(env.RAY_SERVE_URL).host).toBe(`${name}-serve-svc:8000`);
    expect(new URL(env.RECOMMENDER_SERVE_DASHBOARD_URL).host).toBe(
      `${name}-head-svc:8265`,
    );
    expect(apps.map(a => a.name)).toContain(
      fs
        .readFileSync(
          path.join(REPO_ROOT, 'app-config.production.yaml'),
          'utf8',
        )
        .match(/^\s+application: (\S+)$/m)?.[1],
    );
  });
});
