import { http, HttpResponse } from 'msw';

export const NESSIE = 'http://nessie.test:19120';

/** 64-bit snapshot ids as a JSON number can't hold them: the answer is JSON text, as Nessie sends it. */
export const SNAPSHOT_IDS = ['7394102918301128345', '7394102918301128999'];

/**
 * `probe.t1` as the real Nessie 0.108 answered it (a struct column, a day partition, a sort order, a
 * second schema adding `amount`), with two snapshots added.
 */
export function tableAnswer(
  options: { snapshots?: number; expired?: number } = {},
): string {
  const snapshots = Array.from({ length: options.snapshots ?? 2 }, (_, i) => {
    const id = i < 2 ? SNAPSHOT_IDS[i] : String(1000 + i);
    let parent: string | null = String(999 + i);
    if (i === 0) parent = null;
    else if (i < 2) parent = SNAPSHOT_IDS[0];
    return `{"snapshot-id": ${id}, "parent-snapshot-id": ${parent}, "sequence-number": ${
      i + 1
    }, "timestamp-ms": ${
      1796112313020 + i * 1000
    }, "manifest-list": "s3://warehouse/probe/t1/metadata/snap-${i}.avro", "summary": {"operation": "${
      i === 0 ? 'append' : 'overwrite'
    }", "added-records": "${10 + i}", "deleted-records": "${
      i === 0 ? 0 : 10
    }", "added-data-files": "1", "total-records": "${
      10 + i
    }", "total-data-files": "1", "total-files-size": "${
      2048 + i
    }"}, "schema-id": 1}`;
  });
  let current: string | number = -1;
  if (snapshots.length >= 3) current = String(999 + snapshots.length);
  else if (snapshots.length) current = SNAPSHOT_IDS[snapshots.length - 1];
  return `{"metadata-location": "s3://warehouse/probe/t1/metadata/00001.metadata.json", "metadata": {"format-version": 2, "table-uuid": "5efd4fa1-9d8f-4a07-b21b-f16bdeb1f6cf", "location": "s3://warehouse/probe/t1_abca", "last-sequence-number": ${
    snapshots.length
  }, "last-updated-ms": 1796112313020, "last-column-id": 5, "schemas": [{"type": "struct", "schema-id": 0, "fields": [{"id": 1, "name": "id", "required": true, "type": "long", "doc": "the id"}]}, {"type": "struct", "schema-id": 1, "fields": [{"id": 1, "name": "id", "required": true, "type": "long", "doc": "the id"}, {"id": 2, "name": "ts", "required": false, "type": "timestamptz"}, {"id": 3, "name": "loc", "required": false, "type": {"type": "struct", "fields": [{"id": 4, "name": "lat", "required": false, "type": "double"}]}}, {"id": 5, "name": "amount", "required": false, "type": "decimal(10, 2)"}, {"id": 6, "name": "tags", "required": false, "type": {"type": "list", "element-id": 7, "element": {"type": "struct", "fields": [{"id": 8, "name": "k", "required": true, "type": "string"}]}, "element-required": false}}]}], "current-schema-id": 1, "partition-specs": [{"spec-id": 0, "fields": [{"name": "ts_day", "transform": "day", "source-id": 2, "field-id": 1000}]}], "default-spec-id": 0, "last-partition-id": 1000, "default-sort-order-id": 1, "sort-orders": [{"order-id": 1, "fields": [{"transform": "identity", "source-id": 1, "direction": "desc", "null-order": "nulls-last"}]}], "properties": {"owner": "group:default/fraud-streaming-team", "nessie.commit.id": "9eac52c2", "comment": "probe"}, "current-snapshot-id": ${current}, "snapshots": [${snapshots
    .slice(options.expired ?? 0)
    .join(', ')}], "statistics": [], "snapshot-log": [], "metadata-log": []}}`;
}

const json = (text: string, status = 200) =>
  new HttpResponse(text, {
    status,
    headers: { 'content-type': 'application/json' },
  });

function commitMeta(hash: string, message: string, author: string) {
  return {
    hash,
    committer: '',
    authors: [author],
    allSignedOffBy: [],
    message,
    commitTime: '2026-12-01T08:05:13.040093320Z',
    authorTime: '2026-12-01T08:05:13.040093320Z',
    parentCommitHashes: [],
  };
}

/** Where the fake Nessie's commits say the table's metadata was. */
export const METADATA_AT = {
  update: 's3://warehouse/probe/t1/metadata/00001.metadata.json',
  create: 's3://warehouse/probe/t1/metadata/00000.metadata.json',
};

/** Nessie's content of the table after a commit; the 64-bit snapshot id is made a JSON number by `exact`. */
const put = (metadataLocation: string, snapshotId: string) => ({
  type: 'PUT',
  key: { elements: ['probe', 't1'] },
  content: {
    type: 'ICEBERG_TABLE',
    id: 'c1',
    metadataLocation,
    snapshotId,
    schemaId: 1,
    specId: 0,
    sortOrderId: 1,
  },
});
const exact = (body: unknown) =>
  json(
    JSON.stringify(body).replace(/"snapshotId":"(-?\d+)"/g, '"snapshotId":$1'),
  );

/** The query of each history call the fake Nessie answered. */
export const history: URLSearchParams[] = [];

/**
 * A Nessie with `probe.t1` on `main` (and `dev`, one snapshot behind). `expired`: how many of the
 * oldest snapshots the current metadata no longer lists.
 */
export function nessieHandlers(
  options: { snapshots?: number; expired?: number } = {},
) {
  return [
    http.get(`${NESSIE}/api/v2/config`, () =>
      json('{"defaultBranch": "main", "maxSupportedApiVersion": 2}'),
    ),
    http.get(`${NESSIE}/api/v2/trees`, () =>
      HttpResponse.json({
        token: null,
        hasMore: false,
        references: [
          { type: 'TAG', name: 'v1', hash: 'a8ab', metadata: null },
          {
            type: 'BRANCH',
            name: 'dev',
            hash: '9eac',
            metadata: {
              numCommitsAhead: 1,
              numCommitsBehind: 0,
              commitMetaOfHEAD: commitMeta(
                '9eac',
                'Update ICEBERG_TABLE probe.t1',
                '',
              ),
            },
          },
          {
            type: 'BRANCH',
            name: 'main',
            hash: 'a8ab',
            metadata: {
              numCommitsAhead: null,
              numCommitsBehind: null,
              commitMetaOfHEAD: commitMeta(
                'a8ab',
                'Create ICEBERG_TABLE probe.t1',
                'etl-bot',
              ),
            },
          },
        ],
      }),
    ),
    http.get(`${NESSIE}/api/v2/trees/:ref/history`, ({ params, request }) => {
      if (params.ref !== 'main')
        return json('{"message": "Named reference not found"}', 404);
      const url = new URL(request.url);
      history.push(url.searchParams);
      return exact({
        token: 'next-page',
        logEntries: [
          {
            commitMeta: commitMeta('9eac', 'Update ICEBERG_TABLE probe.t1', ''),
            operations: [put(METADATA_AT.update, SNAPSHOT_IDS[1])],
          },
          {
            commitMeta: commitMeta(
              'a8ab',
              'Create ICEBERG_TABLE probe.t1',
              'etl-bot',
            ),
            operations: [put(METADATA_AT.create, SNAPSHOT_IDS[0])],
          },
        ],
      });
    }),
    http.get(
      `${NESSIE}/iceberg/v1/:prefix/namespaces/probe/tables/t1`,
      ({ params }) => {
        const prefix = String(params.prefix);
        if (prefix === 'main|warehouse') return json(tableAnswer(options));
        if (prefix === 'dev|warehouse')
          return json(tableAnswer({ snapshots: 1 }));
        return json(
          '{"error": {"code": 404, "message": "no such table"}}',
          404,
        );
      },
    ),
  ];
}
