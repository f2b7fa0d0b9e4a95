import { z } from 'zod';
import { isoTimeSchema as isoTime, staleSchema } from './schemas';

/**
 * What a user id may be: the recommendation service's own rule (`apps/recommender-serving`,
 * `handler.py`), so that the portal refuses what the service would.
 * @public
 */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The most recommendations one request may ask for (the service's `MAX_K`). @public */
export const MAX_RECOMMENDATIONS = 100;

/** The most users `GET /users` answers at once. @public */
export const MAX_USERS_LIMIT = 100;

/** @public */
export const userIdSchema = z
  .string({
    error: issue =>
      issue.input === undefined
        ? 'is required (a user id)'
        : 'must be one user id',
  })
  .regex(
    USER_ID_PATTERN,
    'must be 1 to 128 letters, digits or any of . _ : @ -',
  );

/** A whole number from `min` to `max` given as query text. */
const wholeNumberText = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,6}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
};

/**
 * The query of `GET /recommendations`: `userId` (required) and `k` (1 to 100, default 10), as
 * query text; unknown parameters are refused.
 * @public
 */
export const recommendationsQuerySchema = z.strictObject({
  userId: userIdSchema,
  k: wholeNumberText(1, MAX_RECOMMENDATIONS).default(10),
});

/**
 * The query of `GET /users`: `q` (matched in the id or the name, ignoring case; at most 128
 * characters) and `limit` (1 to 100, default 20), as query text.
 * @public
 */
export const usersQuerySchema = z.strictObject({
  q: z
    .string({ error: 'must be one text' })
    .max(128, 'must be at most 128 characters')
    .optional(),
  limit: wholeNumberText(1, MAX_USERS_LIMIT).default(20),
});

/**
 * Where a problem of `GET /serve` comes from: Ray Serve's REST API on the Ray dashboard
 * (`recommender.serve.dashboardUrl`), or the service's own `/status` (`recommender.serve.url`).
 * @public
 */
export type ServeErrorSource = 'ray-serve-api' | 'service';

/** @public */
export interface ServeError {
  source: ServeErrorSource;
  message: string;
}

/**
 * One deployment of the Serve application, as Ray Serve reports it.
 * @public
 */
export interface ServeDeployment {
  name: string;
  /** Ray Serve's: `HEALTHY`, `UPDATING`, `UPSCALING`, `DOWNSCALING`, `UNHEALTHY`, `DEPLOY_FAILED`, ... */
  status: string;
  /** Why, when Ray Serve says (an empty message is null). */
  message: string | null;
  replicas: {
    /** Replicas in state `RUNNING`. */
    running: number;
    total: number;
    /** How many Ray Serve aims for; null when it does not say. */
    target: number | null;
    /** Replicas per state (`RUNNING`, `STARTING`, `STOPPING`, ...). */
    byState: Record<string, number>;
  };
}

/**
 * What the service's `GET /status` says it serves (camelCased).
 * @public
 */
export interface ServedModel {
  /** The version loaded; null before any promotion was loaded. */
  versionId: string | null;
  loadedAt: string | null;
  /** When `promoted.json` was last checked. */
  checkedAt: string | null;
  /** The last load or check error (the previous version keeps serving). */
  error: string | null;
  /** How many users and products the loaded version knows. */
  users: number | null;
  products: number | null;
}

/**
 * `GET /api/recommender/serve`: the Serve application's health. A source that does not answer,
 * or answers something else, is an entry of `errors`, never an error response.
 * @public
 */
export interface ServeHealthResponse {
  /** False when neither `recommender.serve.dashboardUrl` nor `recommender.serve.url` is set. */
  configured: boolean;
  /** The Serve application's name (`recommender.serve.application`). */
  application: string;
  /** Ray Serve's: `RUNNING`, `DEPLOYING`, `DEPLOY_FAILED`, `UNHEALTHY`, `DELETING`, `NOT_STARTED`; null when unknown. */
  status: string | null;
  message: string | null;
  /** When the application was last deployed (ISO 8601). */
  lastDeployedAt: string | null;
  deployments: ServeDeployment[];
  /** Null when the service's /status could not be read (see `errors`). */
  served: ServedModel | null;
  errors: ServeError[];
  /** When this answer was put together (ISO 8601). */
  checkedAt: string;
}

/**
 * One user of `demo.users` (written by `apps/batch-etl`).
 * @public
 */
export interface RecommenderUser {
  userId: string;
  name: string | null;
  /** `YYYY-MM-DD`. */
  signupDate: string | null;
}

/**
 * `GET /api/recommender/users?q=&limit=`.
 * @public
 */
export interface UsersResponse {
  /** `namespace.table` the users are read from. */
  table: string;
  /** Those matching `q`, at most `limit`, by name. */
  users: RecommenderUser[];
  /** How many users match `q` in all. */
  total: number;
  /** Why there are no users to pick from (the table does not exist yet), or what the list is. */
  note?: string;
  /** The last read of the table failed: `users` are from the last good read (none if there was none). */
  stale?: { error: string; since: string };
}

/**
 * One recommended product: the service's id and score, with the product's row of `demo.products`
 * (null fields when the product is not in the table or the table cannot be read).
 * @public
 */
export interface RecommendedProduct {
  /** 1 for the best. */
  rank: number;
  productId: string;
  score: number;
  productName: string | null;
  category: string | null;
  price: number | null;
}

/**
 * One clickstream event of the user (`{timestamp, user_id, product_id, event_type}`).
 * @public
 */
export interface UserEvent {
  /** ISO 8601 (the clickstream's times are UTC). */
  timestamp: string;
  productId: string;
  /** `view`, `add_to_cart`, `purchase`, `payment_failed`, ... */
  eventType: string;
  productName: string | null;
}

/**
 * Where a problem of `GET /recommendations` comes from; the recommendations are answered anyway.
 * @public
 */
export type RecommendationsErrorSource = 'products' | 'clickstream';

/**
 * `GET /api/recommender/recommendations?userId=&k=`: what the recommendation service answers
 * for the user, with the products' names, and the user's latest events.
 * @public
 */
export interface RecommendationsResponse {
  userId: string;
  k: number;
  /** The model version that answered. */
  versionId: string;
  /** `popularity` when the model does not know the user (the most popular products); else null. */
  fallback: string | null;
  /** Best first. */
  items: RecommendedProduct[];
  /** The user's 20 latest events of the clickstream the trainer reads, newest first. */
  recentEvents: UserEvent[];
  /** What could not be added (product names, events): the recommendations stand without it. */
  errors: { source: RecommendationsErrorSource; message: string }[];
}

const count = z.number().int().nonnegative();

/** @public */
export const serveDeploymentSchema: z.ZodType<ServeDeployment> = z.strictObject(
  {
    name: z.string(),
    status: z.string(),
    message: z.string().nullable(),
    replicas: z.strictObject({
      running: count,
      total: count,
      target: count.nullable(),
      byState: z.record(z.string(), count),
    }),
  },
);

/** @public */
export const servedModelSchema: z.ZodType<ServedModel> = z.strictObject({
  versionId: z.string().nullable(),
  loadedAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
  error: z.string().nullable(),
  users: count.nullable(),
  products: count.nullable(),
});

/** @public */
export const serveHealthResponseSchema: z.ZodType<ServeHealthResponse> =
  z.strictObject({
    configured: z.boolean(),
    application: z.string().min(1),
    status: z.string().nullable(),
    message: z.string().nullable(),
    lastDeployedAt: isoTime.nullable(),
    deployments: z.array(serveDeploymentSchema),
    served: servedModelSchema.nullable(),
    errors: z.array(
      z.strictObject({
        source: z.enum(['ray-serve-api', 'service']),
        message: z.string().min(1),
      }),
    ),
    checkedAt: isoTime,
  });

/** @public */
export const recommenderUserSchema: z.ZodType<RecommenderUser> = z.strictObject(
  {
    userId: z.string().min(1),
    name: z.string().nullable(),
    signupDate: z.string().nullable(),
  },
);

/** @public */
export const usersResponseSchema: z.ZodType<UsersResponse> = z
  .strictObject({
    table: z.string(),
    users: z.array(recommenderUserSchema).max(MAX_USERS_LIMIT),
    total: count,
    note: z.string().optional(),
    stale: staleSchema.optional(),
  })
  .refine(r => r.total >= r.users.length, {
    message: 'total counts at least the users answered',
  });

/** @public */
export const recommendedProductSchema: z.ZodType<RecommendedProduct> =
  z.strictObject({
    rank: z.number().int().positive(),
    productId: z.string().min(1),
    score: z.number(),
    productName: z.string().nullable(),
    category: z.string().nullable(),
    price: z.number().nullable(),
  });

/** @public */
export const userEventSchema: z.ZodType<UserEvent> = z.strictObject({
  timestamp: isoTime,
  productId: z.string().min(1),
  eventType: z.string().min(1),
  productName: z.string().nullable(),
});

/** @public */
export const recommendationsResponseSchema: z.ZodType<RecommendationsResponse> =
  z
    .strictObject({
      userId: userIdSchema,
      k: z.number().int().min(1).max(MAX_RECOMMENDATIONS),
      versionId: z.string().min(1),
      fallback: z.string().nullable(),
      items: z.array(recommendedProductSchema).max(MAX_RECOMMENDATIONS),
      recentEvents: z.array(userEventSchema).max(20),
      errors: z.array(
        z.strictObject({
          source: z.enum(['products', 'clickstream']),
          message: z.string().min(1),
        }),
      ),
    })
    .refine(r => r.items.length <= r.k, {
      message: 'at most k items',
    })
    .refine(r => r.items.every((item, i) => item.rank === i + 1), {
      message: 'items are ranked best first, from 1',
    });
