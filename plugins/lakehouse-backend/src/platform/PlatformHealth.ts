import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import type {
  PlatformHealthResponse,
  PlatformServiceHealth,
} from '@internal/plugin-lakehouse-common';
import { createObjectStoreClient } from '@internal/plugin-lakehouse-node';
import { NessieClient } from '../tables/NessieClient';
import type { TablesConfig } from '../tables/tablesConfig';

const now = () => new Date().toISOString();

/**
 * Nessie and the object store, checked on request like a status page would: reachable, how fast,
 * which version, and what they hold (Nessie's references, the buckets the portal's credentials list).
 * Each check is bounded by `lakehouse.tables.timeout`; one service down never hides the other.
 */
export class PlatformHealth {
  readonly #nessie: NessieClient;
  readonly #s3: S3Client;

  constructor(
    private readonly config: TablesConfig,
    options: { s3?: S3Client } = {},
  ) {
    this.#nessie = new NessieClient(config);
    this.#s3 =
      options.s3 ??
      createObjectStoreClient(config.objectStore, config.timeoutMs);
  }

  async check(): Promise<PlatformHealthResponse> {
    return { items: await Promise.all([this.#checkNessie(), this.#checkS3()]) };
  }

  async #checkNessie(): Promise<PlatformServiceHealth> {
    const url = this.config.nessieUrl;
    const started = performance.now();
    try {
      const server = await this.#nessie.serverConfig();
      const latencyMs = Math.round(performance.now() - started);
      const references = await this.#nessie.references();
      return {
        service: 'nessie',
        url,
        reachable: true,
        latencyMs,
        version: `API v${
          server.actualApiVersion ?? server.maxSupportedApiVersion ?? '?'
        }${server.specVersion ? `, spec ${server.specVersion}` : ''}`,
        contents: { label: 'references', names: references.map(r => r.name) },
        checkedAt: now(),
      };
    } catch (e) {
      return {
        service: 'nessie',
        url,
        reachable: false,
        contents: { label: 'references', names: [] },
        error: (e as Error).message,
        checkedAt: now(),
      };
    }
  }

  async #checkS3(): Promise<PlatformServiceHealth> {
    const endpoint =
      this.config.objectStore.endpoint ??
      `https://s3.${this.config.objectStore.region}.amazonaws.com`;
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const started = performance.now();
    let version: string | undefined;
    try {
      // An anonymous ListBuckets is refused, and the refusal carries the server's name (SeaweedFS
      // answers a HEAD of / with a bare 405, so it has to be a GET). Its body, a few hundred bytes
      // of error XML, is dropped unread; nothing needs to wait for that.
      const res = await fetch(endpoint, { signal: timeout });
      version = res.headers.get('server') ?? undefined;
      res.body?.cancel().catch(() => undefined);
    } catch (e) {
      return {
        service: 's3',
        url: endpoint,
        reachable: false,
        contents: { label: 'buckets', names: [] },
        error: `No answer from ${endpoint} within ${
          this.config.timeoutMs
        } ms: ${
          (e as Error).message
        }. Check that the object store runs (lakehouse.tables.objectStore.endpoint).`,
        checkedAt: now(),
      };
    }
    const latencyMs = Math.round(performance.now() - started);
    const health: PlatformServiceHealth = {
      service: 's3',
      url: endpoint,
      reachable: true,
      latencyMs,
      ...(version && { version }),
      contents: { label: 'buckets', names: [] },
      checkedAt: now(),
    };
    try {
      const { Buckets } = await this.#s3.send(new ListBucketsCommand({}), {
        abortSignal: AbortSignal.timeout(this.config.timeoutMs),
      });
      health.contents.names = (Buckets ?? []).flatMap(b =>
        b.Name ? [b.Name] : [],
      );
    } catch (e) {
      // Reachable, but the portal's credentials cannot list: say so rather than call it down.
      health.error = `Listing buckets failed: ${
        (e as Error).message
      }. Check the portal's S3 credentials.`;
    }
    return health;
  }
}
