import {
  FixtureTable,
  type FixtureRow,
} from '@internal/plugin-lakehouse-node/testUtils';
import { parquetWriteBuffer } from 'hyparquet-writer';

/**
 * `demo.users` and `demo.products` as apps/batch-etl writes them through Spark and Iceberg:
 * `signup_date` a DATE (INT32 days), `price` a DECIMAL(10, 2) (INT64 unscaled, as Iceberg writes
 * precisions 10 to 18), `features` a LIST of doubles. The fixture table writes the snapshots,
 * manifests and the catalog's metadata; its data files are then replaced by Parquet files with
 * these types, which the fixture's own writer does not have.
 */
const USER_SCHEMA = [
  { name: 'user_id', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  {
    name: 'signup_date',
    type: 'INT32',
    converted_type: 'DATE',
    logical_type: { type: 'DATE' },
  },
];
const PRODUCT_SCHEMA = [
  { name: 'product_id', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  { name: 'product_name', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  { name: 'category', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  {
    name: 'price',
    type: 'INT64',
    converted_type: 'DECIMAL',
    precision: 10,
    scale: 2,
    logical_type: { type: 'DECIMAL', precision: 10, scale: 2 },
  },
];

function sparkParquet(
  schema: Record<string, unknown>[],
  rows: FixtureRow[],
): Buffer {
  const columns = [
    ...schema.map(s => ({ ...s, repetition_type: 'OPTIONAL' })),
    // features: array<double>, a 3-level LIST as Iceberg writes it.
    {
      name: 'features',
      repetition_type: 'OPTIONAL',
      converted_type: 'LIST',
      num_children: 1,
    },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  ];
  const columnData = [
    ...schema.map(s => ({
      name: s.name as string,
      data: rows.map(r => r[s.name as string] ?? null),
    })),
    { name: 'features', data: rows.map(() => [0.1, -0.2, 0.3]) },
  ];
  return Buffer.from(
    parquetWriteBuffer({
      columnData,
      schema: [
        { name: 'spark_schema', num_children: schema.length + 1 },
        ...columns,
      ],
    } as any),
  );
}

/** A table whose every write overwrites it (INSERT OVERWRITE: a full read each time). */
class SparkWrittenTable {
  readonly table: FixtureTable;

  constructor(
    location: string,
    private readonly schema: Record<string, unknown>[],
  ) {
    this.table = new FixtureTable({
      location,
      columns: [{ name: schema[0].name as string, type: 'string' }],
    });
  }

  /** One batch run: the table re-created with these rows (a new table uuid: read whole). */
  async overwrite(rows: FixtureRow[]) {
    this.table.recreate();
    const idColumn = this.schema[0].name as string;
    await this.table.append(rows.map(r => ({ [idColumn]: r[idColumn] })));
    const newest = [...this.table.objects.keys()]
      .filter(k => /\/data\/\d+\.parquet$/.test(k))
      .sort(
        (a, b) =>
          Number(/(\d+)\.parquet$/.exec(b)![1]) -
          Number(/(\d+)\.parquet$/.exec(a)![1]),
      )[0];
    this.table.objects.set(newest, sparkParquet(this.schema, rows));
  }
}

export function usersTable() {
  return new SparkWrittenTable('s3://warehouse/demo/users', USER_SCHEMA);
}

export function productsTable() {
  return new SparkWrittenTable('s3://warehouse/demo/products', PRODUCT_SCHEMA);
}

/** A user row as batch-etl writes it; `signup_date` a Date (the writer takes days from it). */
export const userRow = (
  userId: string,
  name: string,
  signup = '2025-03-04',
) => ({
  user_id: userId,
  name,
  signup_date: new Date(`${signup}T00:00:00Z`),
});

/** A product row; `price` in currency units (written as an unscaled DECIMAL(10, 2)). */
export const productRow = (
  productId: string,
  productName: string,
  category: string,
  price: number,
) => ({
  product_id: productId,
  product_name: productName,
  category,
  price,
});
