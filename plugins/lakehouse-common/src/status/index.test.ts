import { loadFixture } from './__testUtils__/crds';
import { CUSTOM_RESOURCE_MAPPERS, mapCustomResource } from './index';

describe('mapCustomResource', () => {
  it.each([
    ['null', null, 'expected a Kubernetes object, got null'],
    ['an array', [], 'expected a Kubernetes object, got an array'],
    [
      'no kind',
      { apiVersion: 'ray.io/v1', metadata: { name: 'x' } },
      'apiVersion and kind must be non-empty strings',
    ],
    [
      'no name',
      { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: {} },
      'RayJob/<no name>: metadata.name must be a non-empty string',
    ],
    [
      'a status that is not an object',
      {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        metadata: { name: 'x' },
        status: 'Running',
      },
      'RayJob/x: status must be an object',
    ],
    [
      'a state field that is not a string',
      {
        apiVersion: 'ray.io/v1',
        kind: 'RayJob',
        metadata: { name: 'x' },
        status: { jobStatus: 3 },
      },
      'RayJob/x: status.jobStatus must be a string, got 3',
    ],
  ])('rejects %s as malformed', (_what, obj, message) => {
    expect(mapCustomResource(obj)).toStrictEqual({
      ok: false,
      error: { kind: 'malformed', message },
    });
  });

  it.each([
    ['an unknown kind', 'ray.io/v1', 'RayCronJob'],
    [
      'a known kind in a version the pinned CRDs do not serve',
      'ray.io/v1alpha1',
      'RayJob',
    ],
    ['a Kubernetes built-in', 'v1', 'Pod'],
  ])(
    'refuses %s as unsupported, listing what is supported',
    (_what, apiVersion, kind) => {
      const result = mapCustomResource({
        apiVersion,
        kind,
        metadata: { name: 'x' },
      });
      expect(result).toStrictEqual({
        ok: false,
        error: {
          kind: 'unsupported',
          message: `${kind}/x: unsupported apiVersion/kind ${apiVersion} ${kind}; supported: ${Object.keys(
            CUSTOM_RESOURCE_MAPPERS,
          ).join(', ')}`,
        },
      });
    },
  );

  it('does not take kind names from Object.prototype', () => {
    expect(
      mapCustomResource({
        apiVersion: 'x',
        kind: 'constructor',
        metadata: { name: 'x' },
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'unsupported' },
    });
  });

  it.each(Object.keys(CUSTOM_RESOURCE_MAPPERS))(
    'maps a bare %s without status or spec',
    gvk => {
      const apiVersion = gvk.split('/').slice(0, -1).join('/');
      const kind = gvk.split('/').pop()!;
      const result = mapCustomResource({
        apiVersion,
        kind,
        metadata: { name: 'new', namespace: 'ns' },
      });
      expect(result).toMatchObject({
        ok: true,
        value: { state: 'PENDING', resource: { kind, name: 'new' } },
      });
    },
  );

  it('dispatches to the mapper of the kind', () => {
    expect(
      mapCustomResource(loadFixture('sparkapplication-running.yaml')),
    ).toMatchObject({
      ok: true,
      value: {
        engine: 'spark',
        job: { kind: 'application', rawState: 'RUNNING' },
      },
    });
  });
});
