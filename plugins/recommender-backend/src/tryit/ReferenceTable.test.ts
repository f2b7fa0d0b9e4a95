import { mockServices } from '@backstage/backend-test-utils';
import type { IcebergTableSource } from '@internal/plugin-lakehouse-node';
import type { RecommenderUser } from '@internal/plugin-recommender-common';
import {
  productRow,
  productsTable,
  userRow,
  usersTable,
} from '../__testUtils__/demoTables';
import { ReferenceTable } from './ReferenceTable';
import {
  PRODUCT_COLUMNS,
  isoDate,
  price,
  toProduct,
  toUser,
  USER_COLUMNS,
  type Product,
} from './rows';

function source(
  name: string,
  fixture: { metadata(): any; read(uri: string): Promise<Buffer> },
  state: { missing?: boolean; down?: boolean; hang?: boolean } = {},
): IcebergTableSource {
  return {
    table: name,
    async loadTable() {
      if (state.hang) await new Promise(() => {});
      if (state.down) throw new Error('catalog unavailable');
      return state.missing ? undefined : fixture.metadata();
    },
    files: { read: uri => fixture.read(uri) },
  };
}

const logger = mockServices.logger.mock();

describe('rows', () => {
  it('reads dates and decimals as the Parquet reader gives them', () => {
    expect(isoDate(new Date('2025-03-04T00:00:00Z'))).toBe('2025-03-04');
    expect(isoDate(20151)).toBe('2025-03-04');
    expect(isoDate('2025-03-04')).toBe('2025-03-04');
    expect(isoDate('soon')).toBeNull();
    expect(isoDate(null)).toBeNull();
    expect(price(19.99)).toBe(19.99);
    expect(price(5n)).toBe(5);
    expect(price('12.50')).toBe(12.5);
    expect(price(Number.NaN)).toBeNull();
    expect(price('cheap')).toBeNull();
  });

  it('leaves out rows without an id', () => {
    expect(toUser({ name: 'x' })).toEqual({
      invalid: 'a row without a user_id: {"name":"x"}',
    });
    expect(toProduct({ product_id: '', price: 1 })).toMatchObject({
      invalid: expect.stringMatching(/without a product_id/),
    });
    expect(toProduct({ product_id: 'p1' })).toEqual({
      productId: 'p1',
      productName: null,
      category: null,
      price: null,
    });
  });
});

describe('ReferenceTable', () => {
  const users = (
    fixture: ReturnType<typeof usersTable>,
    state: Parameters<typeof source>[2] = {},
    maxAgeMs = 0,
  ) =>
    new ReferenceTable<RecommenderUser>({
      source: source('demo.users', fixture.table, state),
      columns: USER_COLUMNS,
      convert: toUser,
      key: u => u.userId,
      logger,
      maxAgeMs,
      refreshTimeoutMs: 500,
    });

  it("reads the batch job's users (DATE, LIST columns) and reads the table again after each run", async () => {
    const fixture = usersTable();
    await fixture.overwrite([
      userRow('u1', 'Ada Lovelace', '2025-03-04'),
      userRow('u2', 'Alan Turing'),
      { user_id: null, name: 'nobody' },
    ]);
    const table = users(fixture);
    const first = await table.current();
    expect(first).toMatchObject({
      table: 'demo.users',
      missing: false,
      loaded: true,
    });
    expect([...first.rows.values()]).toEqual([
      { userId: 'u1', name: 'Ada Lovelace', signupDate: '2025-03-04' },
      { userId: 'u2', name: 'Alan Turing', signupDate: '2025-03-04' },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Left out 1 row\(s\) of demo.users/),
    );

    await fixture.overwrite([userRow('u3', 'Grace Hopper')]);
    expect([...(await table.current()).rows.keys()]).toEqual(['u3']);
  });

  it("reads the products' DECIMAL(10, 2) prices", async () => {
    const fixture = productsTable();
    await fixture.overwrite([
      productRow('p1', 'Blue Lamp', 'home', 19.99),
      productRow('p2', 'Red Chair', 'furniture', 120),
    ]);
    const table = new ReferenceTable<Product>({
      source: source('demo.products', fixture.table),
      columns: PRODUCT_COLUMNS,
      convert: toProduct,
      key: p => p.productId,
      logger,
      maxAgeMs: 0,
      refreshTimeoutMs: 500,
    });
    expect([...(await table.current()).rows.values()]).toEqual([
      {
        productId: 'p1',
        productName: 'Blue Lamp',
        category: 'home',
        price: 19.99,
      },
      {
        productId: 'p2',
        productName: 'Red Chair',
        category: 'furniture',
        price: 120,
      },
    ]);
  });

  it('says a table is missing, then reads it once it exists', async () => {
    const fixture = usersTable();
    const state = { missing: true };
    const table = users(fixture, state);
    expect(await table.current()).toMatchObject({
      missing: true,
      loaded: true,
    });
    await fixture.overwrite([userRow('u1', 'Ada')]);
    state.missing = false;
    expect((await table.current()).rows.size).toBe(1);
  });

  it('keeps the last rows when a read fails, and says since when', async () => {
    const fixture = usersTable();
    await fixture.overwrite([userRow('u1', 'Ada')]);
    const state = { down: false };
    const table = users(fixture, state);
    await table.current();
    state.down = true;
    const stale = await table.current();
    expect(stale.rows.size).toBe(1);
    expect(stale.stale).toEqual({
      error: 'Reading demo.users failed: catalog unavailable',
      since: expect.any(String),
    });
    state.down = false;
    expect((await table.current()).stale).toBeUndefined();
  });

  it('gives up on a hung read within its bound', async () => {
    const table = users(usersTable(), { hang: true });
    const started = Date.now();
    const snapshot = await table.current();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(snapshot).toMatchObject({
      loaded: false,
      stale: {
        error: expect.stringMatching(
          /Reading demo.users did not finish within 500 ms/,
        ),
      },
    });
  });

  it('reads at most once per interval', async () => {
    const fixture = usersTable();
    await fixture.overwrite([userRow('u1', 'Ada')]);
    const table = users(fixture, {}, 60_000);
    await Promise.all([table.current(), table.current()]);
    const reads = fixture.table.reads.length;
    await table.current();
    expect(fixture.table.reads.length).toBe(reads);
  });
});
