import type {
  RecommendationsResponse,
  RecommenderUser,
  UsersResponse,
} from '@internal/plugin-recommender-common';
import type { RayServe } from '../serve/RayServe';
import type { ClickstreamIndex } from './ClickstreamIndex';
import type { ReferenceTable, ReferenceTableSnapshot } from './ReferenceTable';
import type { Product } from './rows';

const byName = (a: RecommenderUser, b: RecommenderUser) =>
  (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') ||
  a.userId.localeCompare(b.userId);

/** Why a table gives nothing (or old rows), for a note; undefined when it is as it should be. */
function tableNote(
  snapshot: ReferenceTableSnapshot<unknown>,
  what: string,
): string | undefined {
  const { table, missing, loaded, stale, rows } = snapshot;
  if (stale) {
    return loaded
      ? `${stale.error} (${what} from the last good read)`
      : `${stale.error} (no ${what} yet)`;
  }
  if (!loaded) return `Still reading ${table}: try again in a moment`;
  if (missing) {
    return `${table} does not exist yet: run the batch ETL job (apps/batch-etl), which writes it from the uploaded CSVs`;
  }
  if (rows.size === 0) return `${table} has no rows`;
  return undefined;
}

/**
 * The "try it" side of the page: users to pick from (`demo.users`), and a user's recommendations
 * from the Serve application with the products' names (`demo.products`) and the user's latest
 * events (the clickstream the trainer reads).
 */
export class TryItService {
  constructor(
    private readonly options: {
      serve: RayServe;
      users: ReferenceTable<RecommenderUser>;
      products: ReferenceTable<Product>;
      clickstream: ClickstreamIndex;
    },
  ) {}

  /** `GET /users`: those whose id or name contains `q` (ignoring case), by name, at most `limit`. */
  async users(query: { q?: string; limit: number }): Promise<UsersResponse> {
    const snapshot = await this.options.users.current();
    const needle = query.q?.trim().toLowerCase() ?? '';
    const all = [...snapshot.rows.values()];
    const matched = needle
      ? all.filter(
          u =>
            u.userId.toLowerCase().includes(needle) ||
            (u.name?.toLowerCase().includes(needle) ?? false),
        )
      : all;
    // An exact id first (pasted from somewhere), then by name.
    matched.sort(
      (a, b) =>
        Number(b.userId.toLowerCase() === needle) -
          Number(a.userId.toLowerCase() === needle) || byName(a, b),
    );
    const note = tableNote(snapshot, 'users');
    return {
      table: snapshot.table,
      users: matched.slice(0, query.limit),
      total: matched.length,
      ...(note && { note }),
      ...(snapshot.stale && { stale: snapshot.stale }),
    };
  }

  /** `GET /recommendations`: the service's answer joined with the products, and the user's events. */
  async recommendations(query: {
    userId: string;
    k: number;
  }): Promise<RecommendationsResponse> {
    const { serve, products, clickstream } = this.options;
    const { userId, k } = query;
    const errors: RecommendationsResponse['errors'] = [];
    // All three at once, each settled before answering (no read outlives the request); the
    // service's refusal is the answer, the others only add to it.
    const [answered, catalog, events] = await Promise.all([
      serve.recommend(userId, k).then(
        value => ({ value }),
        (error: Error) => ({ error }),
      ),
      products.current().catch((e: Error) => {
        errors.push({ source: 'products', message: e.message });
        return undefined;
      }),
      clickstream.recent(userId).catch((e: Error) => {
        errors.push({ source: 'clickstream', message: e.message });
        return undefined;
      }),
    ]);
    if ('error' in answered) throw answered.error;
    const answer = answered.value;
    const rows = catalog?.rows ?? new Map<string, Product>();
    if (catalog) {
      const note = tableNote(catalog, 'product names');
      if (note) errors.push({ source: 'products', message: note });
    }
    if (events?.note)
      errors.push({ source: 'clickstream', message: events.note });
    const items = answer.items.map((item, i) => {
      const p = rows.get(item.productId);
      return {
        rank: i + 1,
        productId: item.productId,
        score: item.score,
        productName: p?.productName ?? null,
        category: p?.category ?? null,
        price: p?.price ?? null,
      };
    });
    const unknown = items.filter(i => !rows.has(i.productId)).length;
    if (catalog?.loaded && !catalog.missing && rows.size && unknown) {
      errors.push({
        source: 'products',
        message: `${unknown} of the ${items.length} recommended product(s) are not in ${catalog.table}: the model knows products the table does not (trained on another dataset?)`,
      });
    }
    return {
      userId: answer.userId,
      k,
      versionId: answer.versionId,
      fallback: answer.fallback,
      items,
      recentEvents: (events?.events ?? []).map(e => ({
        ...e,
        productName: rows.get(e.productId)?.productName ?? null,
      })),
      errors,
    };
  }
}
