import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ICEBERG_REF_ANNOTATION,
  LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  LAKEHOUSE_LINEAGE_DATASET_ANNOTATION,
  LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION,
  LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION,
  lineageResponseSchema,
  type LineageEdge,
} from '@internal/plugin-lakehouse-common';
import type { LineageConfig } from '../config';
import { lakehouseGet } from '../lakehouseBackend';
import { DatasetIndex, parseDatasetList, type DatasetEntity } from './datasets';
import { SharedCache } from './SharedCache';

/** `GET /lineage` holds at most 10 000 edges (lineageResponseSchema); a few hundred bytes each. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Entities read for the index, per page and in all: a bound on what one read costs the catalog. */
const PAGE_SIZE = 500;
const MAX_INDEXED = 20_000;

/**
 * Lineage as `dependsOn` / `dependencyOf` relations, so the catalog graph and the "Depends on"
 * cards show it: a job depends on the datasets it reads, a dataset it writes depends on the job.
 *
 * - A job entity (`lakehouse.io/engine` + `lakehouse.io/job-name`) gets the edges of the lakehouse
 *   backend's `GET /lineage` whose job name is its `lakehouse.io/job-name`.
 * - Any entity gets the datasets its `lakehouse.io/lineage-inputs` / `-outputs` name, for what emits
 *   no lineage (see ./datasets for the keys).
 *
 * A dataset is the entity whose `lakehouse.io/iceberg-table` is the edge's Iceberg table, else the
 * one whose `lakehouse.io/lineage-dataset` matches its key; a dataset without one is skipped. Both
 * directions are emitted from the entity being processed, as the catalog's built-in processor does
 * for reverse relations, so they are replaced whenever that entity is processed again.
 */
export class LineageProcessor implements CatalogProcessor {
  readonly #edges: SharedCache<Map<string, LineageEdge[]>>;
  readonly #index: SharedCache<DatasetIndex>;

  constructor(
    private readonly options: {
      config: LineageConfig;
      logger: LoggerService;
      discovery: Pick<DiscoveryService, 'getBaseUrl'>;
      auth: Pick<
        AuthService,
        'getOwnServiceCredentials' | 'getPluginRequestToken'
      >;
      catalog: Pick<CatalogService, 'queryEntities'>;
      now?: () => number;
    },
  ) {
    const { config, logger, now } = options;
    const shared = { periodMs: config.cacheMs, logger, now };
    this.#edges = new SharedCache({
      ...shared,
      what: "the lakehouse backend's lineage",
      load: () => this.#readEdges(),
    });
    this.#index = new SharedCache({
      ...shared,
      what: 'the dataset entities of the catalog',
      load: () => this.#readIndex(),
    });
  }

  getProcessorName(): string {
    return 'LakehouseLineageProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: unknown,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const a = entity.metadata.annotations ?? {};
    const jobName = a[LAKEHOUSE_ENGINE_ANNOTATION]?.trim()
      ? a[LAKEHOUSE_JOB_NAME_ANNOTATION]?.trim()
      : undefined;
    const inputs = parseDatasetList(a[LAKEHOUSE_LINEAGE_INPUTS_ANNOTATION]);
    const outputs = parseDatasetList(a[LAKEHOUSE_LINEAGE_OUTPUTS_ANNOTATION]);
    // Most entities take no part: nothing is read for them.
    if (!jobName && !inputs.length && !outputs.length) return entity;
    const edges = jobName ? (await this.#edges.get())?.get(jobName) ?? [] : [];
    if (!edges.length && !inputs.length && !outputs.length) return entity;

    const index = await this.#index.get();
    if (!index) return entity;
    const self = stringifyEntityRef(entity);
    /** [dependent, dependency] pairs. */
    const pairs: Array<[string, string]> = [];
    const add = (refs: string[], direction: 'input' | 'output') => {
      for (const ref of refs) {
        pairs.push(direction === 'input' ? [self, ref] : [ref, self]);
      }
    };

    for (const edge of edges) {
      const refs = index.resolve(edge.dataset);
      if (!refs.length) {
        this.options.logger.debug(
          `Lineage of ${self}: no entity stands for ${edge.direction} ${
            edge.dataset.icebergTable ??
            `${edge.dataset.namespace} ${edge.dataset.name}`
          }`,
        );
      }
      add(refs, edge.direction);
    }
    for (const [entries, direction] of [
      [inputs, 'input'],
      [outputs, 'output'],
    ] as const) {
      for (const entry of entries) {
        const refs = index.resolveEntry(entry);
        if (!refs.length) {
          this.options.logger.debug(
            `Lineage of ${self}: no entity stands for ${direction} '${entry}'`,
          );
        }
        add(refs, direction);
      }
    }

    const seen = new Set<string>();
    for (const [dependent, dependency] of pairs) {
      const key = `${dependent} ${dependency}`;
      if (dependent === dependency || seen.has(key)) continue;
      seen.add(key);
      const source = parseEntityRef(dependent);
      const target = parseEntityRef(dependency);
      emit(
        processingResult.relation({
          source,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: source,
        }),
      );
    }
    return entity;
  }

  /** Every edge of the lakehouse backend, by job name. */
  async #readEdges(): Promise<Map<string, LineageEdge[]>> {
    const { auth, discovery, config } = this.options;
    const { edges } = await lakehouseGet(
      { auth, timeoutMs: config.timeoutMs, maxBytes: MAX_ANSWER_BYTES },
      await discovery.getBaseUrl('lakehouse'),
      '/lineage',
      lineageResponseSchema,
    );
    const byJob = new Map<string, LineageEdge[]>();
    for (const edge of edges) {
      byJob.set(edge.job.name, [...(byJob.get(edge.job.name) ?? []), edge]);
    }
    return byJob;
  }

  /** The entities datasets can resolve to, read from the catalog with only the fields needed. */
  async #readIndex(): Promise<DatasetIndex> {
    const { auth, catalog, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: DatasetEntity[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE }
          : {
              filter: [
                LAKEHOUSE_ICEBERG_TABLE_ANNOTATION,
                LAKEHOUSE_LINEAGE_DATASET_ANNOTATION,
              ].map(k => ({
                [`metadata.annotations.${k}`]: CATALOG_FILTER_EXISTS,
              })),
              fields: [
                'kind',
                'metadata.namespace',
                'metadata.name',
                'metadata.annotations',
              ],
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      for (const e of page.items) {
        const a = e.metadata.annotations ?? {};
        entities.push({
          ref: stringifyEntityRef(e),
          icebergTable: a[LAKEHOUSE_ICEBERG_TABLE_ANNOTATION],
          icebergRef: a[LAKEHOUSE_ICEBERG_REF_ANNOTATION],
          lineageDataset: a[LAKEHOUSE_LINEAGE_DATASET_ANNOTATION],
        });
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor && entities.length < MAX_INDEXED);
    if (cursor) {
      logger.warn(
        `Lineage relations: more than ${MAX_INDEXED} dataset entities in the catalog; only the first ${entities.length} are matched`,
      );
    }
    return new DatasetIndex(entities);
  }
}
