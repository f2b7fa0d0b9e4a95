import path from 'node:path';
import { FIXTURE_DIR, loadFixtures } from './__testUtils__/crds';
import { crdValidator } from '@internal/lakehouse-test-utils';
import { mapCustomResource } from './index';

// Loading and compiling the operators' CRDs (several MB of YAML) takes a few seconds.
jest.setTimeout(60_000);

const fixtures = loadFixtures();
const invalid = loadFixtures(path.join(FIXTURE_DIR, 'invalid'));

describe('status fixtures', () => {
  beforeAll(() => crdValidator());

  it('cover every supported kind', () => {
    expect([...new Set(fixtures.map(f => f.object.kind))].sort()).toStrictEqual(
      [
        'FlinkDeployment',
        'FlinkSessionJob',
        'RayCluster',
        'RayJob',
        'RayService',
        'SparkApplication',
      ],
    );
  });

  it.each(fixtures.map(f => [f.file, f.object]))(
    '%s is valid against its CRD',
    (_file, object) => {
      const validator = crdValidator();
      expect(validator.handles(object)).toBe(true);
      expect(validator.validate(object)).toStrictEqual([]);
    },
  );

  it.each(invalid.map(f => [f.file, f.object]))(
    'invalid/%s is rejected by its CRD',
    (_file, object) => {
      expect(crdValidator().validate(object)).not.toStrictEqual([]);
    },
  );

  it.each(fixtures.map(f => [f.file, f.object]))(
    '%s maps without error',
    (_file, object) => {
      expect(mapCustomResource(object)).toMatchObject({ ok: true });
    },
  );
});
