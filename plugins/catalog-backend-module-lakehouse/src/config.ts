import type { Config } from '@backstage/config';
import {
  readEntityRef,
  readPositiveDurationMs,
} from '@internal/plugin-lakehouse-node';

const SECTION = 'lakehouse.catalog.icebergTables';
const REF_NAME = /^[A-Za-z](?:(?:(?!\.\.)[A-Za-z0-9./_-])*[A-Za-z0-9_-])?$/;

/** `lakehouse.catalog.icebergTables`, checked. */
export interface IcebergTablesConfig {
  catalogUri: string;
  warehouse: string;
  system: string;
  defaultOwner: string;
  /** Dotted namespace -> owner entity ref. */
  owners: Map<string, string>;
  frequencyMs: number;
  /** How long a listed table's metadata is reused before it is loaded again (new tables load at once). */
  rereadIntervalMs: number;
  timeoutMs: number;
  /** Branches or tags read besides the default branch (Nessie: `main`); their tables are entities of their own. */
  branches: string[];
}

/** Undefined when table discovery is not configured. */
export function readIcebergTablesConfig(
  config: Config,
): IcebergTablesConfig | undefined {
  const c = config.getOptionalConfig(SECTION);
  if (!c) return undefined;
  const catalogUri = c.getString('catalogUri').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(catalogUri)) {
    throw new Error(
      `Invalid ${SECTION}.catalogUri '${catalogUri}': the Iceberg REST catalog's http(s) URL, e.g. http://127.0.0.1:19120/iceberg`,
    );
  }
  // An owner without a kind is a group, as in an entity's spec.owner.
  const owner = (value: string, key: string) =>
    readEntityRef(
      value.includes(':') ? value : `group:${value}`,
      `${SECTION}.${key}`,
      'group:default/platform-team',
    );
  const ownersConfig = c.getOptionalConfig('owners');
  return {
    catalogUri,
    warehouse: c.getOptionalString('warehouse') ?? 'warehouse',
    system: readEntityRef(
      c.getOptionalString('system') ?? 'system:default/lakehouse-platform',
      `${SECTION}.system`,
      'system:default/lakehouse-platform',
    ),
    defaultOwner: owner(c.getString('defaultOwner'), 'defaultOwner'),
    owners: new Map(
      (ownersConfig?.keys() ?? []).map(ns => [
        ns,
        owner(ownersConfig!.getString(ns), `owners.${ns}`),
      ]),
    ),
    branches: (c.getOptionalStringArray('branches') ?? []).map(branch => {
      if (!REF_NAME.test(branch)) {
        throw new Error(
          `Invalid ${SECTION}.branches entry '${branch}': a Nessie branch or tag name, e.g. dev`,
        );
      }
      return branch;
    }),
    frequencyMs: readPositiveDurationMs(c, SECTION, 'frequency', 60_000),
    rereadIntervalMs: readPositiveDurationMs(
      c,
      SECTION,
      'rereadInterval',
      3_600_000,
    ),
    timeoutMs: readPositiveDurationMs(c, SECTION, 'timeout', 10_000),
  };
}

const JOBS_SECTION = 'lakehouse.catalog.longRunningJobs';

/** `lakehouse.catalog.longRunningJobs`, checked. */
export interface LongRunningJobsConfig {
  /** Owner of every discovered job's component. */
  owner: string;
  system: string;
  frequencyMs: number;
  /** Bound of one call to the lakehouse backend. */
  timeoutMs: number;
}

/** Undefined when the discovery of long-running jobs is not configured. */
export function readLongRunningJobsConfig(
  config: Config,
): LongRunningJobsConfig | undefined {
  const c = config.getOptionalConfig(JOBS_SECTION);
  if (!c) return undefined;
  const owner = c.getOptionalString('owner') ?? 'group:default/platform-team';
  return {
    // An owner without a kind is a group, as in an entity's spec.owner.
    owner: readEntityRef(
      owner.includes(':') ? owner : `group:${owner}`,
      `${JOBS_SECTION}.owner`,
      'group:default/platform-team',
    ),
    system: readEntityRef(
      c.getOptionalString('system') ?? 'system:default/lakehouse-platform',
      `${JOBS_SECTION}.system`,
      'system:default/lakehouse-platform',
    ),
    frequencyMs: readPositiveDurationMs(c, JOBS_SECTION, 'frequency', 30_000),
    timeoutMs: readPositiveDurationMs(c, JOBS_SECTION, 'timeout', 10_000),
  };
}

const LINEAGE_SECTION = 'lakehouse.catalog.lineage';

/** `lakehouse.catalog.lineage`, checked. */
export interface LineageConfig {
  /** How long the edges and the entity index are reused across the entities being processed. */
  cacheMs: number;
  /** Bound of one call to the lakehouse backend. */
  timeoutMs: number;
}

/** Undefined when lineage relations are turned off (`enabled: false`); on by default. */
export function readLineageConfig(config: Config): LineageConfig | undefined {
  const c = config.getOptionalConfig(LINEAGE_SECTION);
  if (c?.getOptionalBoolean('enabled') === false) return undefined;
  const seconds = c?.getOptionalNumber('cacheSeconds') ?? 30;
  // A day at most: the relations of a job should follow its runs, not a cache.
  if (!(seconds > 0 && seconds <= 86_400)) {
    throw new Error(
      `Invalid ${LINEAGE_SECTION}.cacheSeconds ${seconds}: a number of seconds above 0, at most 86400`,
    );
  }
  return {
    cacheMs: seconds * 1000,
    timeoutMs: c
      ? readPositiveDurationMs(c, LINEAGE_SECTION, 'timeout', 10_000)
      : 10_000,
  };
}
