import type { JobState, JobSummary } from '../types';
import type { CustomResourceObject, CustomResourceRef } from './types';

/** A parsed custom resource: everything is optional until read. */
export type CrObject = CustomResourceObject;

/** Reads a dotted path; anything missing or of the wrong shape is `undefined`, never a throw. */
export function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur))
      return undefined;
    cur = (cur as CrObject)[key];
  }
  return cur;
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : undefined;

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export const record = (v: unknown): CrObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as CrObject)
    : undefined;

/**
 * An engine's or operator's own state words mapped to {@link JobState}; unlisted words are UNKNOWN.
 * @public
 */
export type StateTable = Readonly<Record<string, JobState>>;

/**
 * The one state lookup of the REST and custom-resource mappers. Table lookup by own property only, so `constructor` or `toString` in a status
 * field cannot hit `Object.prototype`. An absent field is the operators' "new"
 * value, the empty string (Go's zero value, dropped by `omitempty`).
 */
export function lookupState(
  table: StateTable,
  raw: string | undefined,
): JobState {
  const key = raw ?? '';
  return Object.prototype.hasOwnProperty.call(table, key)
    ? table[key]
    : 'UNKNOWN';
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Kubernetes `metav1.Condition` lists: finds one by type. */
export function findCondition(
  conditions: unknown,
  type: string,
): Condition | undefined {
  if (!Array.isArray(conditions)) return undefined;
  const found = conditions.find(c => record(c)?.type === type);
  const c = record(found);
  if (!c || typeof c.status !== 'string') return undefined;
  return {
    type,
    status: c.status,
    reason: str(c.reason),
    message: str(c.message),
  };
}

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Kubernetes resource quantities (`"2500m"`, `"8Gi"`, `3`) as plain numbers. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return m[3] ? base * SUFFIX[m[3]] : base;
}

/**
 * Engines and operators report epoch milliseconds, as numbers or strings, with 0 or -1 for "not yet".
 * @public
 */
export function epochMsToIso(v: unknown): string | undefined {
  const ms = typeof v === 'string' && v.trim() !== '' ? Number(v) : num(v);
  return ms !== undefined && Number.isFinite(ms) && ms > 0
    ? new Date(ms).toISOString()
    : undefined;
}

/** Operators report in-cluster `host:port` addresses without a scheme. */
export const httpUrl = (address: string): string =>
  /^https?:\/\//.test(address) ? address : `http://${address}`;

export function resourceRef(obj: CrObject): CustomResourceRef {
  const uid = str(get(obj, 'metadata.uid'));
  return {
    apiVersion: str(obj.apiVersion) ?? '',
    kind: str(obj.kind) ?? '',
    namespace: str(get(obj, 'metadata.namespace')) ?? '',
    name: str(get(obj, 'metadata.name')) ?? '',
    ...(uid && { uid }),
  };
}

/**
 * Builds a JobSummary without `undefined` keys. The duration is the engine's own when it gives
 * one, else derived from the times when both are known.
 * @public
 */
export function jobSummary(
  job: Omit<JobSummary, 'durationMs'> & { durationMs?: number },
): JobSummary {
  const { durationMs: given, ...rest } = job;
  const result: JobSummary = { ...rest };
  if (result.startTime === undefined) delete result.startTime;
  if (result.endTime === undefined) delete result.endTime;
  const durationMs =
    given ??
    (job.startTime && job.endTime
      ? Date.parse(job.endTime) - Date.parse(job.startTime)
      : undefined);
  if (
    durationMs !== undefined &&
    Number.isFinite(durationMs) &&
    durationMs >= 0
  ) {
    result.durationMs = durationMs;
  }
  return result;
}

/** Drops `undefined` values so results compare cleanly with `toStrictEqual`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
