import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import type {
  CustomResourceStatus,
  EngineError,
  EngineKind,
  JobState,
  JobSummary,
  ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { LongRunningJobsConfig } from '../config';
import {
  LongRunningJobEntityProvider,
  type JobClaim,
} from '../LongRunningJobEntityProvider';

export const BASE = 'http://backend.test/api/lakehouse';

/**
 * Per engine instance (`local` is Flink's, `ray/local` Ray's): its jobs and services, or why its
 * last poll failed.
 */
export type FakeInstances = Record<
  string,
  {
    jobs?: JobSummary[];
    services?: ServiceSummary[];
    error?: EngineError;
    polled?: boolean;
  }
>;

/** The lakehouse backend in memory, as the provider reads it; tests change it between refreshes. */
export type FakeLakehouseBackend = {
  instances: FakeInstances;
  /** What the backend answers instead, when set. */
  answer: undefined | (() => Response);
  /** The Authorization header of each engine list request. */
  authorizations: Array<string | null>;
  server: ReturnType<typeof setupServer>;
};

const engineOf = (k: string) =>
  (k.includes('/') ? k.split('/') : ['flink', k]) as [EngineKind, string];

/**
 * Starts msw for the calling test file and, before each test, a fake lakehouse backend holding
 * `initial()`. The returned object is the same for the whole file; its fields are reset each test.
 */
export function useFakeLakehouseBackend(
  initial: () => FakeInstances,
): FakeLakehouseBackend {
  const server = setupServer();
  registerMswTestHooks(server);
  const fake: FakeLakehouseBackend = {
    instances: {},
    answer: undefined,
    authorizations: [],
    server,
  };
  const meta = (k: string) => {
    const i = fake.instances[k];
    const [engine, instance] = engineOf(k);
    return {
      engine,
      instance,
      ...(i.polled !== false &&
        !i.error && { fetchedAt: '2026-12-01T10:00:00.000Z', ageMs: 500 }),
      ...(i.error && { error: i.error, failedAt: '2026-12-01T10:00:00.000Z' }),
    };
  };
  beforeEach(() => {
    fake.answer = undefined;
    fake.authorizations = [];
    fake.instances = initial();
    server.use(
      http.get(`${BASE}/engines`, ({ request }) => {
        fake.authorizations.push(request.headers.get('authorization'));
        if (fake.answer) return fake.answer();
        return HttpResponse.json({
          items: Object.keys(fake.instances).map(meta),
        });
      }),
      http.get(`${BASE}/engines/:engine/:instance`, ({ params }) => {
        if (fake.answer) return fake.answer();
        const { engine, instance } = params as Record<string, string>;
        const k = engine === 'flink' ? instance : `${engine}/${instance}`;
        const i = fake.instances[k];
        if (!i) return new HttpResponse('no such instance', { status: 404 });
        return HttpResponse.json({
          ...meta(k),
          ...((i.jobs || i.services) && {
            data: {
              cluster: {
                nodeKind: 'taskmanager',
                nodes: { alive: 1, total: 1 },
              },
              jobs: (i.jobs ?? []).map(j => ({ ...j, instance })),
              ...(i.services && { services: i.services }),
            },
          }),
        });
      }),
    );
  });
  return fake;
}

export const job = (
  name: string,
  state: JobState,
  rawState: string = state,
  more: Partial<JobSummary> = {},
): JobSummary => ({
  id: `${name}-${Math.random().toString(16).slice(2, 10)}`,
  name,
  engine: 'flink',
  instance: 'local',
  kind: 'job',
  state,
  rawState,
  startTime: '2026-12-01T10:00:00.000Z',
  links: [],
  ...more,
});

/**
 * A job of a Kubernetes instance as the backend lists it: the resource mapped by lakehouse-common's
 * mapper, with the id `<kind>:<namespace>:<name>` (customResourceSnapshot.ts).
 */
export function resourceJob(
  map: (o: Record<string, unknown>) => CustomResourceStatus,
  kind: string,
  name: string,
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): JobSummary {
  const mapped = map({
    apiVersion: 'v1',
    kind,
    metadata: { namespace: 'streaming', name, uid: `uid-${kind}-${name}` },
    spec,
    status,
  });
  return { ...mapped.job!, id: `${kind}:streaming:${name}` };
}

const config: LongRunningJobsConfig = {
  owner: 'group:default/platform-team',
  system: 'system:default/lakehouse-platform',
  frequencyMs: 30_000,
  timeoutMs: 2_000,
};

/** A provider reading the fake backend, connected to a catalog that records its mutations. */
export function provider(
  options: {
    claims?: JobClaim[];
    previous?: () => Promise<Entity[]>;
  } = {},
) {
  const mutations: EntityProviderMutation[] = [];
  const logger = mockServices.logger.mock();
  const p = new LongRunningJobEntityProvider({
    config,
    logger,
    discovery: { getBaseUrl: async () => BASE },
    auth: mockServices.auth(),
    claims: async () => options.claims ?? [],
    previousEntities: options.previous,
  });
  p.connect({
    applyMutation: async m => void mutations.push(m),
    refresh: async () => {},
  });
  return { p, mutations, logger };
}

/** The entities of a full mutation, by name. */
export const entitiesOf = (
  m: EntityProviderMutation,
): Record<string, Entity> => {
  if (m.type !== 'full') throw new Error(`a ${m.type} mutation`);
  return Object.fromEntries(
    m.entities.map(d => [d.entity.metadata.name, d.entity]),
  );
};
export const namesOf = (m: EntityProviderMutation) =>
  Object.keys(entitiesOf(m)).sort();
