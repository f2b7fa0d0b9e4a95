import type { RecommenderUser } from '@internal/plugin-recommender-common';
import type { Converted } from './ReferenceTable';

/** A product of `demo.products`, as the page shows it beside a recommendation. */
export interface Product {
  productId: string;
  productName: string | null;
  category: string | null;
  price: number | null;
}

/** What the try-it card reads of `demo.users` (apps/batch-etl); `features` stays in the table. */
export const USER_COLUMNS = ['user_id', 'name', 'signup_date'];
/** What the try-it card reads of `demo.products` (apps/batch-etl); `features` stays in the table. */
export const PRODUCT_COLUMNS = [
  'product_id',
  'product_name',
  'category',
  'price',
];

const MAX_TEXT = 500;

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
}

function id(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0 && v.length <= 256) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * An Iceberg `date` as `YYYY-MM-DD`: the Parquet reader gives a Date (UTC midnight); a number is
 * days since the epoch (the physical value); a string is kept if it starts with a date.
 */
export function isoDate(v: unknown): string | null {
  let date: Date | undefined;
  if (v instanceof Date) date = v;
  else if (typeof v === 'number' && Number.isInteger(v))
    date = new Date(v * DAY_MS);
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v))
    return v.slice(0, 10);
  if (!date || Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A `decimal(10, 2)` price as a number: the Parquet reader scales decimals to numbers already; a
 * bigint or numeric text is converted; anything else (or not finite) is null.
 */
export function price(v: unknown): number | null {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()))
    n = Number(v);
  return n !== undefined && Number.isFinite(n) ? n : null;
}

export function toUser(
  row: Record<string, unknown>,
): Converted<RecommenderUser> {
  const userId = id(row.user_id);
  if (!userId) return { invalid: `a row without a user_id: ${describe(row)}` };
  return {
    userId,
    name: text(row.name),
    signupDate: isoDate(row.signup_date),
  };
}

export function toProduct(row: Record<string, unknown>): Converted<Product> {
  const productId = id(row.product_id);
  if (!productId)
    return { invalid: `a row without a product_id: ${describe(row)}` };
  return {
    productId,
    productName: text(row.product_name),
    category: text(row.category),
    price: price(row.price),
  };
}

function describe(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_k, v) =>
    typeof v === 'bigint' ? String(v) : v,
  ).slice(0, 200);
}
