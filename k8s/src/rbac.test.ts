import { objectRef, NAMESPACE } from '@internal/lakehouse-test-utils';
import {
  access,
  lakehouseKinds,
  portalNeeds,
  roleGrants,
} from './__testUtils__/portalAccess';
import { OVERLAYS, renderKustomization } from './__testUtils__/render';

/**
 * The portal's Role grants exactly what its code uses under the config it is deployed with:
 * the Kubernetes plugin's objectTypes and customResources (from the container's --config stack),
 * the proxy's pod logs and events, and list/get of the lakehouse backend's custom resources.
 */
describe.each(OVERLAYS.map(o => `overlays/${o}`))('k8s/%s', target => {
  const objects = renderKustomization(target);

  it('grants the portal exactly the verbs its code uses', () => {
    const role = objects.find(o => objectRef(o) === 'Role/portal')!;
    expect(roleGrants(role)).toEqual(portalNeeds(objects));
  });

  it('binds the Role to the portal ServiceAccount only, with no cluster-wide RBAC', () => {
    const rbac = objects.filter(o =>
      o.apiVersion.startsWith('rbac.authorization.k8s.io/'),
    );
    expect(rbac.map(objectRef).sort()).toEqual([
      'Role/portal',
      'RoleBinding/portal',
    ]);
    const binding = rbac.find(o => o.kind === 'RoleBinding')!;
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'portal',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'portal', namespace: NAMESPACE },
    ]);
  });
});

describe('portalNeeds', () => {
  it("reads the lakehouse backend's kinds from its source", () => {
    expect(
      lakehouseKinds()
        .map(k => `${k.group}/${k.plural}`)
        .sort(),
    ).toEqual([
      'flink.apache.org/flinkdeployments',
      'flink.apache.org/flinksessionjobs',
      'ray.io/rayclusters',
      'ray.io/rayjobs',
      'ray.io/rayservices',
      'sparkoperator.k8s.io/sparkapplications',
    ]);
  });

  it('follows the config stack: the last file that sets a key wins', () => {
    const objects = renderKustomization('overlays/production');
    const cm = objects.find(
      o => objectRef(o) === 'ConfigMap/portal-app-config',
    )!;
    cm.data['app-config.k8s.yaml'] =
      'kubernetes:\n  objectTypes: [pods, cronjobs]\n';
    const needs = portalNeeds(objects);
    expect(needs).toContain(access('batch', 'cronjobs', 'list'));
    expect(needs).not.toContain(access('apps', 'deployments', 'list'));
  });
});
