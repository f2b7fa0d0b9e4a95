import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  LineageEdge,
  LineageQuery,
} from '@internal/plugin-lakehouse-common';
import { createHash } from 'node:crypto';

const TABLE = 'lakehouse_lineage_edges';
/** The contract's cap on one answer (lineageResponseSchema). */
export const MAX_LISTED_EDGES = 10_000;
/** Rows per insert: well under SQLite's bound on bound variables per statement. */
const BATCH = 50;

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

interface Row {
  edge_key: string;
  job_namespace: string;
  job_name: string;
  dataset_namespace: string;
  dataset_name: string;
  direction: string;
  source: string;
  iceberg_table: string | null;
  last_seen: Date | string | number;
  last_run_id: string | null;
}

/**
 * Lineage edges in the plugin's database: one row per job, dataset and direction, whichever event or
 * plan showed it last, kept until it has not been seen for the configured retention. The identity's five columns (up to 1 KiB each) are too long for a unique index
 * on MySQL or Postgres, so their hash is the primary key.
 */
export class LineageStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<LineageStore> {
    const db = await database.getClient();
    if (!(await db.schema.hasTable(TABLE))) {
      await db.schema.createTable(TABLE, table => {
        table.string('edge_key', 64).primary();
        table.string('job_namespace', 1024).notNullable();
        table.string('job_name', 1024).notNullable();
        table.string('dataset_namespace', 1024).notNullable();
        table.string('dataset_name', 1024).notNullable();
        table.string('direction', 8).notNullable();
        table.string('source', 16).notNullable();
        table.string('iceberg_table', 512).nullable();
        table.timestamp('last_seen').notNullable();
        table.string('last_run_id', 256).nullable();
        table.index(['last_seen']);
        table.index(['iceberg_table']);
      });
    }
    return new LineageStore(db);
  }

  /** Adds the edges, or refreshes when and by which run they were last seen. Returns how many. */
  async upsert(edges: LineageEdge[]): Promise<number> {
    const rows = edges.map(toRow);
    await this.db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += BATCH) {
        await tx(TABLE)
          .insert(rows.slice(i, i + BATCH))
          .onConflict('edge_key')
          .merge(['source', 'iceberg_table', 'last_seen', 'last_run_id']);
      }
    });
    return rows.length;
  }

  /** Forgets the edges last seen before `before` (a job that stopped reading or writing a dataset). */
  async prune(before: Date): Promise<number> {
    return this.db(TABLE).where('last_seen', '<', before).delete();
  }

  /** Newest first, at most {@link MAX_LISTED_EDGES}. */
  async list(query: LineageQuery = {}): Promise<LineageEdge[]> {
    let q = this.db<Row>(TABLE);
    if (query.job) q = q.where('job_name', query.job);
    if (query.table) q = q.where('iceberg_table', query.table);
    const rows: Row[] = await q
      .orderBy([
        { column: 'last_seen', order: 'desc' },
        // One event's edges share a time: its inputs, then its outputs, by dataset.
        { column: 'direction', order: 'asc' },
        { column: 'dataset_namespace', order: 'asc' },
        { column: 'dataset_name', order: 'asc' },
        { column: 'edge_key', order: 'asc' },
      ])
      .limit(MAX_LISTED_EDGES);
    return rows.map(fromRow);
  }
}

export function edgeKey(e: LineageEdge): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        e.job.namespace,
        e.job.name,
        e.dataset.namespace,
        e.dataset.name,
        e.direction,
      ]),
    )
    .digest('hex');
}

function toRow(e: LineageEdge): Row {
  return {
    edge_key: edgeKey(e),
    job_namespace: e.job.namespace,
    job_name: e.job.name,
    dataset_namespace: e.dataset.namespace,
    dataset_name: e.dataset.name,
    direction: e.direction,
    source: e.source,
    iceberg_table: e.dataset.icebergTable ?? null,
    last_seen: new Date(e.lastSeen),
    last_run_id: e.lastRunId ?? null,
  };
}

function fromRow(r: Row): LineageEdge {
  return {
    job: { namespace: r.job_namespace, name: r.job_name },
    dataset: {
      namespace: r.dataset_namespace,
      name: r.dataset_name,
      ...(r.iceberg_table && { icebergTable: r.iceberg_table }),
    },
    direction: r.direction as LineageEdge['direction'],
    source: r.source as LineageEdge['source'],
    // SQLite hands back epoch milliseconds, Postgres a Date, MySQL a Date.
    lastSeen: new Date(r.last_seen).toISOString(),
    ...(r.last_run_id && { lastRunId: r.last_run_id }),
  };
}
