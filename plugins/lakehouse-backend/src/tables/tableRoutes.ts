import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LAKEHOUSE_ICEBERG_REF_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
  lakehouseTableReadDataPermission,
  tableCommitsQuerySchema,
  tableDiffQuerySchema,
  tableParamsSchema,
  tableRefQuerySchema,
  tableRowsQuerySchema,
  type NessieRefsResponse,
  type PlatformHealthResponse,
  type TableCommitsResponse,
  type TableDetailResponse,
  type TableDiffResponse,
  type TableRowsResponse,
} from '@internal/plugin-lakehouse-common';
import type {
  AuditedActions,
  CachedPermissionGate,
} from '@internal/plugin-lakehouse-node';
import type { Request, Router } from 'express';
import { parseInput } from '../validation';
import type { PlatformHealth } from '../platform/PlatformHealth';
import type { TableService } from './TableService';

export interface TableRouteOptions {
  /** Undefined when `lakehouse.tables` is not configured. */
  tables?: TableService;
  httpAuth: HttpAuthService;
  /** `lakehouse.table.read`. */
  tableReads: CachedPermissionGate;
  /** `lakehouse.status.read`: the platform services' health is status, like the engines'. */
  statusReads: CachedPermissionGate;
  platformHealth?: PlatformHealth;
  audited: AuditedActions;
  auditor: AuditorService;
  catalog: CatalogService;
}

/**
 * `/tables/:table[/commits|/diff|/rows]` and `/nessie/refs`. Metadata needs `lakehouse.table.read`;
 * rows need `lakehouse.table.read-data` on the catalog entity that claims the table, and every read
 * of rows (allowed or denied) is audited.
 */
export function addTableRoutes(router: Router, options: TableRouteOptions) {
  const { httpAuth, tableReads, statusReads, audited, auditor, catalog } =
    options;

  async function start(req: Request) {
    const credentials = await httpAuth.credentials(req);
    await tableReads.check(credentials);
    if (!options.tables) {
      throw new NotFoundError(
        'Iceberg tables are not configured: set lakehouse.tables.nessieUrl in app-config',
      );
    }
    return { tables: options.tables, credentials };
  }
  const tableOf = (req: Request) =>
    parseInput(tableParamsSchema, req.params, 'path parameter').table;

  router.get('/platform/health', async (req, res) => {
    await statusReads.check(await httpAuth.credentials(req));
    if (!options.platformHealth) {
      throw new NotFoundError(
        'Nessie and the object store are not configured: set lakehouse.tables in app-config',
      );
    }
    const body: PlatformHealthResponse = await options.platformHealth.check();
    res.json(body);
  });

  router.get('/nessie/refs', async (req, res) => {
    const { tables } = await start(req);
    const body: NessieRefsResponse = await tables.references();
    res.json(body);
  });

  router.get('/tables/:table', async (req, res) => {
    const { tables } = await start(req);
    const table = tableOf(req);
    const { ref } = parseInput(
      tableRefQuerySchema,
      req.query,
      'query parameter',
    );
    const body: TableDetailResponse = await tables.detail(table, ref);
    res.json(body);
  });

  router.get('/tables/:table/commits', async (req, res) => {
    const { tables } = await start(req);
    const table = tableOf(req);
    const { ref, limit } = parseInput(
      tableCommitsQuerySchema,
      req.query,
      'query parameter',
    );
    const body: TableCommitsResponse = await tables.commits(table, limit, ref);
    res.json(body);
  });

  router.get('/tables/:table/diff', async (req, res) => {
    const { tables } = await start(req);
    const table = tableOf(req);
    const { from, to } = parseInput(
      tableDiffQuerySchema,
      req.query,
      'query parameter',
    );
    const body: TableDiffResponse = await tables.diff(table, from, to);
    res.json(body);
  });

  router.get('/tables/:table/rows', async (req, res) => {
    const { tables, credentials } = await start(req);
    const table = tableOf(req);
    const { ref, limit } = parseInput(
      tableRowsQuerySchema,
      req.query,
      'query parameter',
    );
    const entityRef = await claimingEntity(table, ref, credentials);
    if (!entityRef) {
      const refusal = new NotAllowedError(
        `No catalog entity claims table ${table} (annotation ${LAKEHOUSE_ICEBERG_TABLE_ANNOTATION}): rows are shown only for a table in the catalog, to those its owners allow`,
      );
      const event = await auditor.createEvent({
        eventId: 'table-read-data',
        severityLevel: 'medium',
        request: req,
        meta: { table, ref: ref ?? null, entityRef: null, limit },
      });
      await event.fail({ error: refusal });
      throw refusal;
    }
    const body: TableRowsResponse = await audited.run(
      {
        eventId: 'table-read-data',
        severityLevel: 'medium',
        permission: lakehouseTableReadDataPermission,
        resourceRef: entityRef,
        meta: { table, ref: ref ?? null, entityRef, limit },
      },
      { credentials, request: req },
      async () => {
        const result = await tables.rows(table, limit, ref);
        return { result, meta: { rows: result.rows.length } };
      },
    );
    res.json(body);
  });

  /**
   * The catalog entity that stands for the table, as the asking user sees the catalog: its owners
   * decide who reads the rows. A table no entity claims has nobody to decide, so nobody reads it.
   * (The provider makes an entity of every table, so this is a table it has not seen yet.)
   */
  async function claimingEntity(
    table: string,
    ref: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${LAKEHOUSE_ICEBERG_TABLE_ANNOTATION}`]: table,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    // The table's entity on that branch (the provider makes one per configured branch), else its main one.
    const onRef = (e: (typeof items)[number]) =>
      e.metadata.annotations?.[LAKEHOUSE_ICEBERG_REF_ANNOTATION];
    const entity =
      (ref && items.find(e => onRef(e) === ref)) ??
      items.find(e => !onRef(e)) ??
      items[0];
    return entity && stringifyEntityRef(entity);
  }
}
