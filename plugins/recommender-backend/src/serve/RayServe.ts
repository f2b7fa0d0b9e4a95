import {
  CustomErrorBase,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { describeZodError } from '@internal/plugin-lakehouse-common';
import { boundedFetch } from '@internal/plugin-lakehouse-node';
import {
  MAX_RECOMMENDATIONS,
  type ServeDeployment,
  type ServedModel,
} from '@internal/plugin-recommender-common';
import { z } from 'zod';
import type { ServeConfig } from '../config';

/** A message from a remote server, as it goes into an answer: one line, bounded. */
export function remoteText(text: string, max = 500): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/**
 * The recommendation service (or the Ray dashboard) answered nothing usable: not the caller's
 * fault and not a service saying it is not ready (that is a 503), so 502.
 */
export class BadGatewayError extends CustomErrorBase {
  name = 'BadGatewayError' as const;
  statusCode = 502 as const;
}

/** What Ray Serve's REST API says of one application (`GET /api/serve/applications/`). */
export interface ServeApplication {
  status: string;
  message: string | null;
  lastDeployedAt: string | null;
  deployments: ServeDeployment[];
}

/** The answer of the service's `GET /recommend`, camelCased. */
export interface ServeRecommendation {
  userId: string;
  versionId: string;
  fallback: string | null;
  items: { productId: string; score: number }[];
}

const emptyToNull = (v: string | null | undefined) => (v ? v : null);

const deploymentSchema = z.object({
  status: z.string().min(1),
  message: z.string().nullish(),
  target_num_replicas: z.number().int().nonnegative().nullish(),
  replicas: z.array(z.object({ state: z.string().min(1) })).default([]),
});

const applicationSchema = z.object({
  status: z.string().min(1),
  message: z.string().nullish(),
  last_deployed_time_s: z.number().nonnegative().nullish(),
  deployments: z.record(z.string(), deploymentSchema).default({}),
});

const applicationsSchema = z.object({
  applications: z.record(z.string(), z.unknown()),
});

const nullableCount = z.number().int().nonnegative().nullish();

const statusSchema = z.object({
  version_id: z.string().nullish(),
  loaded_at: z.string().nullish(),
  checked_at: z.string().nullish(),
  error: z.string().nullish(),
  users: nullableCount,
  products: nullableCount,
});

const recommendationSchema = z.object({
  user_id: z.string().min(1),
  version_id: z.string().min(1),
  fallback: z.string().nullish(),
  items: z
    .array(
      z.object({ product_id: z.string().min(1), score: z.number().finite() }),
    )
    .max(MAX_RECOMMENDATIONS),
});

const errorBodySchema = z.object({ error: z.string().min(1) });

/** The error message of a failed answer: the service's `{ error }`, else the start of the body. */
function failureText(status: number, body: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return remoteText(parsed.data.error);
  } catch {
    // Not JSON: the start of the body says more than nothing.
  }
  const text = remoteText(body, 200);
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

/** The deployment as the page shows it: replicas counted by state. */
function toDeployment(
  name: string,
  d: z.infer<typeof deploymentSchema>,
): ServeDeployment {
  const byState: Record<string, number> = {};
  for (const r of d.replicas) byState[r.state] = (byState[r.state] ?? 0) + 1;
  return {
    name,
    status: d.status,
    message: emptyToNull(d.message && remoteText(d.message)),
    replicas: {
      running: byState.RUNNING ?? 0,
      total: d.replicas.length,
      target: d.target_num_replicas ?? null,
      byState,
    },
  };
}

/**
 * The Serve application over HTTP: Ray Serve's REST API on the dashboard (the application's
 * state), and the application's own endpoint (`/status`, `/recommend`). Every call is bounded in
 * time (`timeoutMs`) and size (`maxResponseBytes`); a failure is thrown as an Error saying what
 * did not answer, and how.
 */
export class RayServe {
  readonly #fetch: typeof fetch;

  constructor(readonly config: ServeConfig) {
    this.#fetch = boundedFetch({
      timeoutMs: config.timeoutMs,
      maxBytes: config.maxResponseBytes,
    });
  }

  async #get(url: string): Promise<{ status: number; body: string }> {
    const res = await this.#fetch(url, {
      headers: { accept: 'application/json' },
    });
    return { status: res.status, body: await res.text() };
  }

  #json(url: string, body: string): unknown {
    try {
      return JSON.parse(body);
    } catch {
      throw new Error(
        `${url} answered something that is not JSON: ${remoteText(body, 100)}`,
      );
    }
  }

  /** The application as Ray Serve reports it; undefined when there is no such application. */
  async application(): Promise<ServeApplication | undefined> {
    const { dashboardUrl, application } = this.config;
    if (!dashboardUrl)
      throw new Error('recommender.serve.dashboardUrl is not set');
    const url = `${dashboardUrl}/api/serve/applications/`;
    const { status, body } = await this.#get(url);
    if (status !== 200) {
      throw new Error(
        `Ray Serve's REST API (${url}) answered ${failureText(status, body)}`,
      );
    }
    const all = applicationsSchema.safeParse(this.#json(url, body));
    if (!all.success) {
      throw new Error(
        `${url} answered something that is not Ray Serve's applications: ${describeZodError(
          all.error,
        ).slice(0, 300)}`,
      );
    }
    const raw = all.data.applications[application];
    if (raw === undefined || raw === null) return undefined;
    const app = applicationSchema.safeParse(raw);
    if (!app.success) {
      throw new Error(
        `${url} describes application '${application}' in a form this portal does not know: ${describeZodError(
          app.error,
        ).slice(0, 300)}`,
      );
    }
    const seconds = app.data.last_deployed_time_s;
    return {
      status: app.data.status,
      message: emptyToNull(app.data.message && remoteText(app.data.message)),
      lastDeployedAt:
        seconds !== null &&
        seconds !== undefined &&
        Number.isFinite(seconds * 1000) &&
        !Number.isNaN(new Date(seconds * 1000).getTime())
          ? new Date(seconds * 1000).toISOString()
          : null,
      deployments: Object.entries(app.data.deployments)
        .map(([name, d]) => toDeployment(name, d))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** What the service says it serves (its `GET /status`). */
  async served(): Promise<ServedModel> {
    const { url: base } = this.config;
    if (!base) throw new Error('recommender.serve.url is not set');
    const url = `${base}/status`;
    const { status, body } = await this.#get(url);
    if (status !== 200) {
      throw new Error(
        `The recommendation service (${url}) answered ${failureText(
          status,
          body,
        )}`,
      );
    }
    const parsed = statusSchema.safeParse(this.#json(url, body));
    if (!parsed.success) {
      throw new Error(
        `${url} answered something that is not the service's status: ${describeZodError(
          parsed.error,
        ).slice(0, 300)}`,
      );
    }
    const s = parsed.data;
    return {
      versionId: s.version_id ?? null,
      loadedAt: s.loaded_at ?? null,
      checkedAt: s.checked_at ?? null,
      error: s.error ? remoteText(s.error) : null,
      users: s.users ?? null,
      products: s.products ?? null,
    };
  }

  /**
   * The service's recommendations. Its refusals pass through: a 400 as an InputError, a 503 (no
   * version promoted yet, or Serve not ready) as a ServiceUnavailableError, with its message; a
   * service that does not answer, or answers something else, is a 502.
   */
  async recommend(userId: string, k: number): Promise<ServeRecommendation> {
    const { url: base } = this.config;
    if (!base) {
      throw new ServiceUnavailableError(
        'The recommendation service is not configured: set recommender.serve.url (the Serve application, e.g. http://127.0.0.1:8000)',
      );
    }
    const url = `${base}/recommend?${new URLSearchParams({
      user_id: userId,
      k: String(k),
    })}`;
    let answer;
    try {
      answer = await this.#get(url);
    } catch (e) {
      throw new BadGatewayError(
        `The recommendation service did not answer: ${(e as Error).message}`,
      );
    }
    const { status, body } = answer;
    if (status === 400) {
      throw new InputError(
        `The recommendation service refused the request: ${failureText(
          status,
          body,
        )}`,
      );
    }
    if (status === 503) {
      throw new ServiceUnavailableError(
        `The recommendation service cannot answer yet: ${failureText(
          status,
          body,
        )}`,
      );
    }
    if (status !== 200) {
      throw new BadGatewayError(
        `The recommendation service answered ${failureText(status, body)}`,
      );
    }
    let json: unknown;
    try {
      json = this.#json(url, body);
    } catch (e) {
      throw new BadGatewayError((e as Error).message);
    }
    const parsed = recommendationSchema.safeParse(json);
    if (!parsed.success) {
      throw new BadGatewayError(
        `The recommendation service answered something that is not recommendations: ${describeZodError(
          parsed.error,
        ).slice(0, 300)}`,
      );
    }
    const r = parsed.data;
    if (r.user_id !== userId || r.items.length > k) {
      throw new BadGatewayError(
        `The recommendation service answered for user ${remoteText(
          r.user_id,
          130,
        )} with ${r.items.length} items, not for ${userId} with at most ${k}`,
      );
    }
    return {
      userId: r.user_id,
      versionId: r.version_id,
      fallback: r.fallback ?? null,
      items: r.items.map(i => ({ productId: i.product_id, score: i.score })),
    };
  }
}
