import type { Config } from '@backstage/config';
import {
  readEntityRef,
  readPositiveDurationMs,
} from '@internal/plugin-lakehouse-node';

const SECTION = 'lakehouse.catalog.icebergTables';

/** `lakehouse.catalog.icebergTables`, checked. */
export interface IcebergTablesConfig {
  catalogUri: string;
  warehouse: string;
  system: string;
  defaultOwner: string;
  /** Dotted namespace -> owner entity ref. */
  owners: Map<string, string>;
  frequencyMs: number;
  timeoutMs: number;
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
    frequencyMs: readPositiveDurationMs(c, SECTION, 'frequency', 60_000),
    timeoutMs: readPositiveDurationMs(c, SECTION, 'timeout', 10_000),
  };
}
