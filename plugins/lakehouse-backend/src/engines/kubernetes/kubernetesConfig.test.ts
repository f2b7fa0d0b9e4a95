import { ConfigReader } from '@backstage/config';
import { readEngineInstances } from '../../config';
import { readKubernetesInstances } from './kubernetesConfig';

const cluster = {
  name: 'platform',
  url: 'https://10.0.0.1:6443/',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token-from-env',
  skipTLSVerify: false,
  caData: 'LS0t',
};

const read = (data: object) => {
  const config = new ConfigReader(data);
  return readKubernetesInstances(config, readEngineInstances(config));
};

const kubernetes = (clusters: object[]) => ({
  clusterLocatorMethods: [{ type: 'config', clusters }],
});

describe('readKubernetesInstances', () => {
  it('makes a configured cluster one more instance of every engine', () => {
    const instances = read({
      kubernetes: kubernetes([cluster]),
      lakehouse: {
        kubernetes: {
          clusters: [
            {
              name: 'platform',
              namespaces: ['lakehouse'],
              refreshInterval: '30s',
            },
          ],
        },
      },
    });
    expect(instances.map(i => [i.engine, i.name])).toEqual([
      ['spark', 'platform'],
      ['flink', 'platform'],
      ['ray', 'platform'],
    ]);
    expect(instances[0]).toMatchObject({
      url: 'https://10.0.0.1:6443',
      refreshIntervalMs: 30_000,
      timeoutMs: 5_000,
      kubernetes: {
        cluster: 'platform',
        token: 'token-from-env',
        caData: 'LS0t',
        skipTLSVerify: false,
        namespaces: ['lakehouse'],
      },
    });
  });

  it('reads where and how submissions become custom resources', () => {
    const [spark, , ray] = read({
      kubernetes: kubernetes([cluster]),
      lakehouse: {
        kubernetes: {
          clusters: [
            {
              name: 'platform',
              namespaces: ['jobs'],
              submit: {
                namespace: 'jobs',
                spark: { image: 'spark:4', serviceAccount: 'spark' },
                ray: { clusterName: 'ray-cluster' },
              },
            },
          ],
        },
      },
    });
    expect(ray.kubernetesSubmit).toEqual({
      namespace: 'jobs',
      timeoutMs: 30_000,
      spark: {
        image: 'spark:4',
        sparkVersion: '4.1.1',
        serviceAccount: 'spark',
        envFromSecrets: [],
        sparkConfigMap: undefined,
      },
      flink: undefined,
      ray: { clusterName: 'ray-cluster' },
    });
    expect(spark.submitTimeoutMs).toBe(30_000);
  });

  it('is empty without lakehouse.kubernetes', () => {
    expect(read({ kubernetes: kubernetes([cluster]) })).toEqual([]);
  });

  it.each([
    [
      'an unknown cluster',
      { kubernetes: kubernetes([cluster]), clusters: [{ name: 'prod' }] },
      /no cluster 'prod' in kubernetes.clusterLocatorMethods/,
    ],
    [
      'another auth provider',
      {
        kubernetes: kubernetes([{ ...cluster, authProvider: 'google' }]),
        clusters: [{ name: 'platform' }],
      },
      /authProvider 'google'.*serviceAccount auth only/,
    ],
    [
      'a bad namespace',
      {
        kubernetes: kubernetes([cluster]),
        clusters: [{ name: 'platform', namespaces: ['Lakehouse_1'] }],
      },
      /'Lakehouse_1' is not a namespace name/,
    ],
    [
      'a name taken by a REST instance',
      {
        kubernetes: kubernetes([cluster]),
        clusters: [{ name: 'platform' }],
        engines: { ray: [{ name: 'platform', url: 'http://ray:8265' }] },
      },
      /also the name of a lakehouse.engines.ray instance/,
    ],
    [
      'a submit namespace that is not read',
      {
        kubernetes: kubernetes([cluster]),
        clusters: [
          { name: 'platform', namespaces: ['a'], submit: { namespace: 'b' } },
        ],
      },
      /'b' is not one of .*namespaces \(a\): submitted jobs would not be seen/,
    ],
    [
      'a bad object name',
      {
        kubernetes: kubernetes([cluster]),
        clusters: [
          {
            name: 'platform',
            submit: { namespace: 'a', ray: { clusterName: 'Ray Cluster' } },
          },
        ],
      },
      /submit.ray.clusterName: 'Ray Cluster' is not a Kubernetes object name/,
    ],
    [
      'a runner jar that is not a jar URI',
      {
        kubernetes: kubernetes([cluster]),
        clusters: [
          {
            name: 'platform',
            submit: {
              namespace: 'a',
              flink: { deploymentName: 's', pythonJarUri: '/opt/x.jar' },
            },
          },
        ],
      },
      /pythonJarUri: '\/opt\/x.jar' must be a local:\/\/, s3:\/\/ or http\(s\):\/\/ URI/,
    ],
  ])('refuses %s at startup', (_what, c: any, message) => {
    expect(() =>
      read({
        kubernetes: c.kubernetes,
        lakehouse: {
          engines: c.engines,
          kubernetes: { clusters: c.clusters },
        },
      }),
    ).toThrow(message);
  });
});
