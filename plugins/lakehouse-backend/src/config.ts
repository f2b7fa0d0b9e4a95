import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ENGINE_INSTANCE_NAME_PATTERN,
  ENGINE_KINDS,
} from '@internal/plugin-lakehouse-common';
import { readPositiveDurationMs } from '@internal/plugin-lakehouse-node';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { EngineInstance } from './engines/EngineInstance';

export type { EngineInstance } from './engines/EngineInstance';

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_REFRESH_MS = 10_000;
const DEFAULT_SUBMIT_TIMEOUT_MS = 120_000;
const DEFAULT_SAVEPOINT_TIMEOUT_MS = 300_000;

/**
 * Reads `lakehouse.engines.{spark,flink,ray}[]`. Fails at startup, naming the
 * config key, rather than polling a URL that cannot work.
 */
export function readEngineInstances(config: Config): EngineInstance[] {
  const instances: EngineInstance[] = [];
  for (const engine of ENGINE_KINDS) {
    const key = `lakehouse.engines.${engine}`;
    const seen = new Set<string>();
    (config.getOptionalConfigArray(key) ?? []).forEach((c, index) => {
      const at = `${key}[${index}]`;
      const name = c.getString('name');
      if (!ENGINE_INSTANCE_NAME_PATTERN.test(name)) {
        throw new InputError(
          `Invalid ${at}.name '${name}': use letters, digits, '-' and '_' (max 63)`,
        );
      }
      if (seen.has(name)) {
        throw new InputError(`Duplicate ${key} name '${name}'`);
      }
      seen.add(name);
      const restUrl = c.getOptionalString('restUrl');
      const masterUrl = c.getOptionalString('masterUrl');
      if ((restUrl ?? masterUrl) !== undefined && engine !== 'spark') {
        throw new InputError(
          `${at}.restUrl and masterUrl are only supported for spark`,
        );
      }
      if (
        masterUrl !== undefined &&
        !/^spark:\/\/[\w.-]+:\d+$/.test(masterUrl)
      ) {
        throw new InputError(
          `Invalid ${at}.masterUrl '${masterUrl}': must look like spark://host:7077`,
        );
      }
      const openLineage = c.getOptionalBoolean('openLineage');
      if (openLineage !== undefined && engine !== 'spark') {
        throw new InputError(`${at}.openLineage is only supported for spark`);
      }
      const pythonRunnerJar = readPythonRunnerJar(c, engine, at);
      const savepoints = readSavepointSettings(c, engine, at);
      instances.push({
        engine,
        name,
        ...(pythonRunnerJar && { pythonRunnerJar }),
        ...savepoints,
        url: readBaseUrl(c.getString('url'), `${at}.url`),
        restUrl: restUrl && readBaseUrl(restUrl, `${at}.restUrl`),
        masterUrl,
        ...(openLineage && { openLineage }),
        timeoutMs: readPositiveDurationMs(c, at, 'timeout', DEFAULT_TIMEOUT_MS),
        refreshIntervalMs: readPositiveDurationMs(
          c,
          at,
          'refreshInterval',
          DEFAULT_REFRESH_MS,
        ),
        submitTimeoutMs: readPositiveDurationMs(
          c,
          at,
          'submitTimeout',
          DEFAULT_SUBMIT_TIMEOUT_MS,
        ),
      });
    });
  }
  return instances;
}

const DEFAULT_HISTORY_RETENTION_MS = 30 * 24 * 3600_000;

/** `lakehouse.history.retention`: how long the kept history holds a job its engine no longer lists. */
export function readHistoryRetentionMs(config: Config): number {
  const history = config.getOptionalConfig('lakehouse.history');
  return history
    ? readPositiveDurationMs(
        history,
        'lakehouse.history',
        'retention',
        DEFAULT_HISTORY_RETENTION_MS,
      )
    : DEFAULT_HISTORY_RETENTION_MS;
}

/** Flink's `savepointDir` and `savepointTimeout`. */
function readSavepointSettings(
  c: Config,
  engine: string,
  at: string,
): Pick<EngineInstance, 'savepointDir' | 'savepointTimeoutMs'> {
  const dir = c.getOptionalString('savepointDir');
  if (engine !== 'flink') {
    if (dir !== undefined || c.has('savepointTimeout')) {
      throw new InputError(
        `${at}.savepointDir and savepointTimeout are only supported for flink`,
      );
    }
    return {};
  }
  if (dir !== undefined && !/^(s3a?|gs|hdfs|file):\/\/\S+[^/]$/.test(dir)) {
    throw new InputError(
      `Invalid ${at}.savepointDir '${dir}': give a URI Flink can write to, like s3://warehouse/flink/savepoints (no trailing slash)`,
    );
  }
  return {
    ...(dir !== undefined && { savepointDir: dir }),
    savepointTimeoutMs: readPositiveDurationMs(
      c,
      at,
      'savepointTimeout',
      DEFAULT_SAVEPOINT_TIMEOUT_MS,
    ),
  };
}

/** `pythonRunnerJar`: an absolute path is a file to upload, anything else a jar id on the JobManager. */
function readPythonRunnerJar(
  c: Config,
  engine: string,
  at: string,
): EngineInstance['pythonRunnerJar'] {
  const value = c.getOptionalString('pythonRunnerJar');
  if (value === undefined) return undefined;
  if (engine !== 'flink') {
    throw new InputError(`${at}.pythonRunnerJar is only supported for flink`);
  }
  if (isAbsolute(value)) {
    if (!/\.jar$/.test(value) || !existsSync(value)) {
      throw new InputError(
        `Invalid ${at}.pythonRunnerJar '${value}': no such jar file (give the path of flink-python-<version>.jar, e.g. $FLINK_HOME/opt/flink-python-2.1.3.jar)`,
      );
    }
    return { file: value };
  }
  if (!/^[\w.-]+\.jar$/.test(value)) {
    throw new InputError(
      `Invalid ${at}.pythonRunnerJar '${value}': give an absolute path to a jar file or the id of an uploaded jar (<uuid>_flink-python-<version>.jar)`,
    );
  }
  return { id: value };
}

/** Only plain http(s) base URLs: credentials, queries or fragments in config are mistakes. */
export function readBaseUrl(value: string, at: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`Invalid ${at} '${value}': not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`Invalid ${at} '${value}': must be http or https`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      `Invalid ${at} '${value}': must not contain credentials, a query or a fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** `lakehouse.lineage`, with defaults applied. */
export interface LineageConfig {
  /** `lakehouse.lineage.openLineage.url`; absent: discovery's base URL of the plugin. */
  openLineageUrl?: string;
  openLineageNamespace: string;
  /**
   * Catalog names under which the lakehouse's Iceberg tables appear to the engines: `nessie.demo.users`
   * is table `demo.users` of the portal's catalog only if `nessie` is one of them.
   */
  icebergCatalogNames: string[];
  /** Record the sources and sinks of running Flink jobs from their plans. */
  flinkPlanEnabled: boolean;
  /** An edge not seen again for this long is forgotten (`lakehouse.lineage.retention`). */
  retentionMs: number;
}

/** Long enough for a monthly job's edges to outlive a skipped run. */
const DEFAULT_LINEAGE_RETENTION_MS = 90 * 24 * 3600_000;

/** `lakehouse.lineage`: works without any config (the platform's catalog is called `nessie`). */
export function readLineageConfig(config: Config): LineageConfig {
  const names = config.getOptionalStringArray(
    'lakehouse.lineage.icebergCatalogNames',
  ) ?? ['nessie'];
  const bad = names.find(n => !/^[\w$-]{1,128}$/.test(n));
  if (bad !== undefined) {
    throw new InputError(
      `Invalid lakehouse.lineage.icebergCatalogNames entry '${bad}': a catalog name has no dots or spaces`,
    );
  }
  const url = config.getOptionalString('lakehouse.lineage.openLineage.url');
  const lineage = config.getOptionalConfig('lakehouse.lineage');
  return {
    openLineageUrl:
      url && readBaseUrl(url, 'lakehouse.lineage.openLineage.url'),
    openLineageNamespace:
      config.getOptionalString('lakehouse.lineage.openLineage.namespace') ??
      'lakehouse',
    icebergCatalogNames: names,
    flinkPlanEnabled:
      config.getOptionalBoolean('lakehouse.lineage.flinkPlan.enabled') ?? true,
    retentionMs: lineage
      ? readPositiveDurationMs(
          lineage,
          'lakehouse.lineage',
          'retention',
          DEFAULT_LINEAGE_RETENTION_MS,
        )
      : DEFAULT_LINEAGE_RETENTION_MS,
  };
}
