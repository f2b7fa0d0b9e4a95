import fs from 'node:fs';
import path from 'node:path';
import {
  K8S_DIR,
  REPO_ROOT,
  renderKustomization,
} from './__testUtils__/render';

/**
 * The platform's images (k8s/images) against the local platform the tests run on: a version both
 * pin is the same in each, so what passed here is what the cluster runs. The images cannot be
 * built on a machine without Docker; what they fetch is read from their Dockerfiles.
 */
const IMAGES = fs.readdirSync(path.join(K8S_DIR, 'images')).sort();
const dockerfile = (image: string) =>
  fs.readFileSync(path.join(K8S_DIR, 'images', image, 'Dockerfile'), 'utf8');
const argsOf = (text: string) =>
  Object.fromEntries(
    [...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map(m => [m[1], m[2]]),
  );
const localVersions = Object.fromEntries(
  [
    ...fs
      .readFileSync(path.join(REPO_ROOT, 'local-platform/versions.env'), 'utf8')
      .matchAll(/^(\w+)=(\S+)$/gm),
  ].map(m => [m[1], m[2]]),
);

describe('k8s/images', () => {
  it.each(IMAGES)(
    "%s pins what the local platform also pins to the local platform's version",
    image => {
      const shared = Object.entries(argsOf(dockerfile(image))).filter(
        ([name]) => name in localVersions,
      );
      expect(shared).toEqual(
        shared.map(([name]) => [name, localVersions[name]]),
      );
    },
  );

  it("puts OpenLineage's Spark listener on the classpath of the platform's Spark pods", () => {
    const text = dockerfile('spark');
    expect(argsOf(text).OPENLINEAGE_SPARK_VERSION).toBe(
      localVersions.OPENLINEAGE_SPARK_VERSION,
    );
    // Fetched in the RUN that works in /opt/spark/jars (Spark's classpath), for Scala 2.13 like the image.
    const run = text.match(/^RUN [^\n]*cd \/opt\/spark\/jars;(?:.*\\\n)*.*$/m);
    expect(run?.[0]).toContain(
      '/io/openlineage/openlineage-spark_2.13/${OPENLINEAGE_SPARK_VERSION}/openlineage-spark_2.13-${OPENLINEAGE_SPARK_VERSION}.jar',
    );
    expect(argsOf(text).SPARK_IMAGE).toMatch(/scala2\.13/);
    // ... and the Spark master and workers (where the drivers of submissions run) use that image.
    const sparkImages = renderKustomization('base')
      .filter(o => o.metadata.labels?.app === 'spark')
      .flatMap(o => JSON.stringify(o).match(/"image":"[^"]+"/g) ?? []);
    expect(sparkImages.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sparkImages)).toEqual(
      new Set(['"image":"lakehouse-spark:4.1.1-iceberg1.11.0"']),
    );
  });
});
