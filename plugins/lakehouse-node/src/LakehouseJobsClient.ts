import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  EngineKind,
  JobDetailResponse,
  PublishedProject,
  PublishProjectRequest,
  SubmitJobInput,
  SubmitJobResult,
} from '@internal/plugin-lakehouse-common';

/** @public */
export type LakehouseSubmitInput = SubmitJobInput & {
  /** The project to run, zipped. */
  project: { zipBase64: string };
};

/** `GET /jobs/:engine/:instance/:jobId`, as lakehouse-common types it. @public */
export type LakehouseJobDetail = JobDetailResponse;

/**
 * Submitting, reading and cancelling jobs through the lakehouse backend, on
 * behalf of the given credentials: its permission checks and audit apply.
 * @public
 */
export interface LakehouseJobsService {
  submit(
    input: LakehouseSubmitInput,
    options: { credentials: BackstageCredentials },
  ): Promise<SubmitJobResult>;
  /** undefined when the engine does not (yet) know the job. */
  getJob(
    ref: { engine: EngineKind; instance: string; jobId: string },
    options: { credentials: BackstageCredentials },
  ): Promise<LakehouseJobDetail | undefined>;
  cancel(
    ref: { engine: EngineKind; instance: string; jobId: string },
    options: { credentials: BackstageCredentials },
  ): Promise<void>;
  /** Keeps a generated project (with its catalog-info.yaml) in the portal's object store. */
  publishProject(
    name: string,
    project: { zipBase64: string },
    options: { credentials: BackstageCredentials },
  ): Promise<LakehousePublishedProject>;
}

/** `POST /projects/:name`, as lakehouse-common types it (`catalogInfoUrl` is for `catalog:register`). @public */
export type LakehousePublishedProject = PublishedProject;

/**
 * The HTTP client behind {@link lakehouseJobsServiceRef}: the lakehouse
 * backend's routes, with a token minted on behalf of the caller.
 * @public
 */
export class LakehouseJobsClient implements LakehouseJobsService {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async submit(
    input: LakehouseSubmitInput,
    options: { credentials: BackstageCredentials },
  ): Promise<SubmitJobResult> {
    const { engine, instance, ...body } = input;
    const res = await this.call(
      'POST',
      `/jobs/${encodeURIComponent(engine)}/${encodeURIComponent(instance)}`,
      options.credentials,
      body,
    );
    return (await res.json()) as SubmitJobResult;
  }

  async getJob(
    ref: { engine: EngineKind; instance: string; jobId: string },
    options: { credentials: BackstageCredentials },
  ): Promise<LakehouseJobDetail | undefined> {
    try {
      const res = await this.call('GET', jobPath(ref), options.credentials);
      return (await res.json()) as LakehouseJobDetail;
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }

  async cancel(
    ref: { engine: EngineKind; instance: string; jobId: string },
    options: { credentials: BackstageCredentials },
  ): Promise<void> {
    await this.call('POST', `${jobPath(ref)}/cancel`, options.credentials);
  }

  async publishProject(
    name: string,
    project: { zipBase64: string },
    options: { credentials: BackstageCredentials },
  ): Promise<LakehousePublishedProject> {
    const body: PublishProjectRequest = { project };
    const res = await this.call(
      'POST',
      `/projects/${encodeURIComponent(name)}`,
      options.credentials,
      body,
    );
    return (await res.json()) as LakehousePublishedProject;
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    credentials: BackstageCredentials,
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.deps.discovery.getBaseUrl('lakehouse');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'lakehouse',
    });
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.ok) return res;
    // The backend's errors are already written for the user; keep their type and message.
    const text = await res.text();
    let message = text.slice(0, 500);
    try {
      message = JSON.parse(text)?.error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    const ErrorType =
      {
        400: InputError,
        403: NotAllowedError,
        404: NotFoundError,
        409: ConflictError,
        503: ServiceUnavailableError,
      }[res.status] ?? Error;
    throw new ErrorType(
      `lakehouse ${method} ${path} failed (HTTP ${res.status}): ${message}`,
    );
  }
}

function jobPath(ref: { engine: EngineKind; instance: string; jobId: string }) {
  return `/jobs/${[ref.engine, ref.instance, ref.jobId]
    .map(encodeURIComponent)
    .join('/')}`;
}
