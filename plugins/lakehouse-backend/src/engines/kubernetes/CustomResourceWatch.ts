import type { LoggerService } from '@backstage/backend-plugin-api';
import { Watch } from '@kubernetes/client-node';
import type { EngineInstance } from '../EngineInstance';
import { ENGINE_CUSTOM_RESOURCES } from './customResourceKinds';
import { KubernetesConnection } from './KubernetesConnection';

/** Changes within this window make one refresh: an operator writes status in bursts. */
const SETTLE_MS = 100;
/** The API server ends each watch after this (plus jitter, so replicas do not reconnect in step). */
const WATCH_SECONDS = 240;
/** A watch that ends sooner than this counted as failed. */
const MIN_WATCH_MS = 5_000;
/** Retry delays after a failed watch: an API server that is down is not hammered. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Watches one Kubernetes instance's custom resources (each kind, in each configured namespace or
 * cluster-wide) and calls `onChange` once the API server reports a change, so that a new status
 * shows within a second instead of at the next poll. The scheduled poll stays as the resync: a watch
 * that cannot be opened (RBAC without `watch`, an API server down) only costs that speed, and is
 * retried with a backoff. The events carry whole objects, but only their arrival is used: the
 * refresh lists the resources, so the snapshot is built one way whatever woke it.
 */
export class CustomResourceWatch {
  readonly #connection: KubernetesConnection;
  readonly #controllers = new Set<AbortController>();
  #stopped = false;
  #timer?: NodeJS.Timeout;
  #running = false;
  #again = false;

  constructor(
    private readonly instance: EngineInstance,
    private readonly onChange: () => Promise<void>,
    private readonly logger: LoggerService,
  ) {
    if (!instance.kubernetes)
      throw new Error(
        `${instance.engine}/${instance.name} is not a Kubernetes instance`,
      );
    this.#connection = new KubernetesConnection(
      instance.kubernetes,
      instance.timeoutMs,
    );
  }

  start(): void {
    const { namespaces } = this.#connection.access;
    for (const k of ENGINE_CUSTOM_RESOURCES[this.instance.engine])
      for (const ns of namespaces ?? [undefined]) {
        const path = ns
          ? `/apis/${k.group}/${k.version}/namespaces/${ns}/${k.plural}`
          : `/apis/${k.group}/${k.version}/${k.plural}`;
        void this.#follow(path, 0);
      }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const c of this.#controllers) c.abort();
    this.#controllers.clear();
  }

  async #follow(path: string, failures: number): Promise<void> {
    if (this.#stopped) return;
    let opened: AbortController | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    // The client calls done() before watch() resolves when the API server refuses the watch.
    let ended = false;
    const seconds = WATCH_SECONDS + Math.floor(Math.random() * 60);
    const openedAt = Date.now();
    const done = (err: unknown) => {
      ended = true;
      clearTimeout(watchdog);
      if (opened) this.#controllers.delete(opened);
      if (this.#stopped) return;
      // A watch lasts minutes: one that ends within seconds failed, whatever it delivered first (the
      // initial ADDED events of a proxy that drops the stream must not make a tight relist loop).
      const short = Date.now() - openedAt < MIN_WATCH_MS;
      const next = err || short ? failures + 1 : 0;
      if (err)
        this.logger.warn(
          `Watching ${path} on cluster '${
            this.#connection.access.cluster
          }' failed (${describe(err)}); the poll every ${
            this.instance.refreshIntervalMs
          } ms still runs, retrying the watch`,
        );
      const delay = next ? RETRY_MS[Math.min(next, RETRY_MS.length) - 1] : 0;
      setTimeout(() => void this.#follow(path, next), delay).unref();
    };
    try {
      const kc = await this.#connection.kubeConfig();
      opened = await new Watch(kc).watch(
        path,
        { allowWatchBookmarks: true, timeoutSeconds: seconds },
        type => {
          if (type !== 'BOOKMARK') this.#changed();
        },
        done,
      );
      if (ended) return;
      this.#controllers.add(opened);
      // A connection the server never ends (a proxy swallowing its close) is ended here.
      watchdog = setTimeout(() => opened?.abort(), (seconds + 30) * 1000);
      watchdog.unref();
      if (this.#stopped) opened.abort();
    } catch (e) {
      done(e);
    }
  }

  /** One refresh per burst of events; one more if events came while it ran. */
  #changed(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(async () => {
      this.#timer = undefined;
      if (this.#running) {
        this.#again = true;
        return;
      }
      this.#running = true;
      try {
        await this.onChange();
      } catch (e) {
        this.logger.warn(
          `Refreshing ${this.instance.engine}/${this.instance.name} after a change failed: ${e}`,
        );
      } finally {
        this.#running = false;
        if (this.#again) {
          this.#again = false;
          this.#changed();
        }
      }
    }, SETTLE_MS);
    this.#timer.unref();
  }
}

function describe(err: unknown): string {
  const status = (err as { statusCode?: number })?.statusCode;
  return status
    ? `HTTP ${status}${
        status === 403
          ? ': the service account needs watch on this resource (RBAC)'
          : ''
      }`
    : String((err as Error)?.message ?? err);
}
