import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  readObjectStoreConfig,
  readPositiveDurationMs,
  type ObjectStoreConfig,
} from '@internal/plugin-lakehouse-node';

const SECTION = 'lakehouse.tables';

/** `lakehouse.tables`: the Nessie server whose Iceberg tables the table pages show. */
export interface TablesConfig {
  /** Nessie's base URL (`http://host:19120`): its API is under `/api/v2`, its Iceberg REST catalog under `/iceberg`. */
  nessieUrl: string;
  warehouse: string;
  objectStore: ObjectStoreConfig;
  /** One call to Nessie or the object store. */
  timeoutMs: number;
}

/** Undefined when the section is absent: the table routes then say how to configure them. */
export function readTablesConfig(config: Config): TablesConfig | undefined {
  const c = config.getOptionalConfig(SECTION);
  if (!c) return undefined;
  const nessieUrl = c.getString('nessieUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s?#]*)?$/.test(nessieUrl)) {
    throw new InputError(
      `Invalid ${SECTION}.nessieUrl '${nessieUrl}': Nessie's http(s) base URL, e.g. http://127.0.0.1:19120`,
    );
  }
  const warehouse = c.getOptionalString('warehouse') ?? 'warehouse';
  if (!/^[A-Za-z0-9_.-]+$/.test(warehouse)) {
    throw new InputError(
      `Invalid ${SECTION}.warehouse '${warehouse}': a Nessie warehouse name (letters, digits, '.', '_', '-')`,
    );
  }
  return {
    nessieUrl,
    warehouse,
    objectStore: readObjectStoreConfig(c, SECTION),
    timeoutMs: readPositiveDurationMs(c, SECTION, 'timeout', 10_000),
  };
}
