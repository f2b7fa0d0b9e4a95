import type { z } from 'zod';
import type { EngineInstance } from '../config';
import { DEFAULT_MAX_BYTES, fetchJson } from './http';
import { parseEngineJson } from './mapping';

export interface EngineGetOptions {
  signal?: AbortSignal;
  /** Another configured base URL of the same instance (Spark's restUrl). */
  baseUrl?: string;
  maxBytes?: number;
}

/** Lets queued I/O (status requests) run before the next long synchronous step of a poll. */
export const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

/**
 * The HTTP side every engine client shares: paths are resolved against the
 * instance's configured URL only, each call gets the instance's timeout and
 * size cap, and the answer is checked against a schema.
 */
export class EngineHttp {
  constructor(readonly instance: EngineInstance) {}

  async get<S extends z.ZodType>(
    schema: S,
    path: string,
    options: EngineGetOptions = {},
  ): Promise<z.output<S>> {
    const url = `${options.baseUrl ?? this.instance.url}${path}`;
    const json = await fetchJson({
      url,
      timeoutMs: this.instance.timeoutMs,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      signal: options.signal,
    });
    // Parsing and checking a large answer (6 MB for 10,000 Ray jobs) each block the event loop for
    // tens of ms: status requests waiting meanwhile get their turn between the two.
    await yieldToEventLoop();
    return parseEngineJson(schema, json, url);
  }
}

/** Path segment from an id the router already validated; encoded anyway, never trusted. */
export const segment = (id: string) => encodeURIComponent(id);
