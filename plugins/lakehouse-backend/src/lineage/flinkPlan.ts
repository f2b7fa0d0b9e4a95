import type {
  LineageDataset,
  LineageEdge,
} from '@internal/plugin-lakehouse-common';
import type { FlinkJobPlan } from '../engines/flink/flinkSchemas';
import { dedupe } from './openLineageEvent';

// Flink has no OpenLineage listener the platform runs, but every job's plan names what it reads and
// writes in its node descriptions (HTML, `<br/>` between operators), e.g. from Flink 2.1:
//   IcebergStreamWriter<br/>+- IcebergFilesCommitter<br/>   +- IcebergSink nessie.fraud.alerts: Writer<br/>
//   [52]:TableSourceScan(table=[[default_catalog, default_database, clickstream_events, project=[...]]], ...)
//   [70]:Sink(table=[[nessie, fraud, alerts]], fields=[...])  or  Sink(table=[nessie.fraud.alerts], ...)

// Identifiers are bounded so a dataset's namespace and name stay within the contract's 1024 characters.
const ID = '`?([\\w$-]{1,256})(?![\\w$-])`?';
const LIST = new RegExp(`\\(table=\\[\\[${ID}, ${ID}, ${ID}`, 'g');
const DOTTED = new RegExp(`\\(table=\\[${ID}\\.${ID}\\.${ID}\\]`, 'g');
const SOURCE = /TableSourceScan$/;
const SINK = /(^|[^\w])Sink$/;
const ICEBERG_SINK = new RegExp(`IcebergSink ${ID}\\.${ID}\\.${ID}`, 'g');

type Found = {
  direction: LineageEdge['direction'];
  /** Catalog, database (Iceberg namespace), table. */
  parts: string[];
  /** Written by Iceberg's own sink: an Iceberg table whatever its catalog's name. */
  iceberg: boolean;
};

/** The tables one plan node description reads (TableSourceScan) and writes (Sink, IcebergSink). */
export function planTables(description: string): Found[] {
  const found: Found[] = [];
  for (const m of description.matchAll(ICEBERG_SINK)) {
    found.push({ direction: 'output', parts: m.slice(1, 4), iceberg: true });
  }
  for (const re of [LIST, DOTTED]) {
    for (const m of description.matchAll(re)) {
      // The operator is the word right before `(table=`: only scans and sinks name datasets.
      const before = description.slice(0, m.index);
      const parts = m.slice(1, 4);
      if (SOURCE.test(before)) {
        found.push({ direction: 'input', parts, iceberg: false });
      } else if (SINK.test(before)) {
        found.push({ direction: 'output', parts, iceberg: false });
      }
    }
  }
  return found;
}

/** An Iceberg table of the lakehouse when the catalog is one of its names, else a Flink catalog table. */
export function planDataset(
  [catalog, database, table]: string[],
  icebergCatalogNames: readonly string[],
  iceberg = false,
): LineageDataset {
  if (icebergCatalogNames.includes(catalog)) {
    const name = `${database}.${table}`;
    return { namespace: `iceberg://${catalog}`, name, icebergTable: name };
  }
  return iceberg
    ? { namespace: `iceberg://${catalog}`, name: `${database}.${table}` }
    : { namespace: `flink-table://${catalog}.${database}`, name: table };
}

/** The edges of one running Flink job's plan. */
export function flinkPlanEdges(
  job: FlinkJobPlan,
  instance: string,
  icebergCatalogNames: readonly string[],
  now = new Date(),
): LineageEdge[] {
  const edges: LineageEdge[] = [];
  for (const node of job.plan?.nodes ?? []) {
    for (const { direction, parts, iceberg } of planTables(
      node.description ?? '',
    )) {
      edges.push({
        // SQL jobs are named after their statement, which can be longer than a name may be.
        job: {
          namespace: `flink://${instance}`,
          name: (job.name || job.jid).slice(0, 1024),
        },
        dataset: planDataset(parts, icebergCatalogNames, iceberg),
        direction,
        source: 'flink-plan',
        lastSeen: now.toISOString(),
        lastRunId: job.jid,
      });
    }
  }
  return dedupe(edges);
}
