import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  makeValidator,
  type Entity,
} from '@backstage/catalog-model';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_JOB_ID_ANNOTATION,
  LAKEHOUSE_JOB_NAME_ANNOTATION,
  type EngineKind,
  type JobSummary,
} from '@internal/plugin-lakehouse-common';
import { createHash } from 'node:crypto';
import type { LongRunningJobsConfig } from './config';

/** What the catalog gets of one long-running job: one entity per name on an engine instance. */
export interface JobFacts {
  engine: EngineKind;
  instance: string;
  /** The job's name as the engine reports it (what `lakehouse.io/job-name` matches). */
  name: string;
  /**
   * The job's custom resource (`FlinkDeployment:<namespace>:<name>`, its id on a Kubernetes
   * instance), when it is one: one entity per resource, named after it, since the name the job
   * reports can change under it (a FlinkDeployment reports its Flink job's name once it runs).
   */
  resource?: string;
}

/** `spec.type` per engine, as the hand-written entities and the templates write it. */
const COMPONENT_TYPES: Partial<Record<EngineKind, string>> = {
  flink: 'flink-job',
  spark: 'spark-job',
};

const ENGINE_TITLES: Record<EngineKind, string> = {
  spark: 'Spark',
  flink: 'Flink',
  ray: 'Ray',
};

/** The operators' kinds that the backend lists as jobs of a Kubernetes instance, ids `<kind>:<ns>:<name>`. */
const CUSTOM_RESOURCE_JOB =
  /^(RayJob|SparkApplication|FlinkDeployment|FlinkSessionJob):[^:]+:[^:]+$/;

/** The custom resource a job of a Kubernetes instance is (its kind), undefined for a job read through an engine's REST API. */
export function customResourceKind(
  job: Pick<JobSummary, 'id'>,
): string | undefined {
  return CUSTOM_RESOURCE_JOB.exec(job.id)?.[1];
}

/**
 * Whether a job is of a sort that can run for good, before its state is looked at.
 *
 * - Flink: streaming jobs, through the REST API or as a FlinkDeployment / FlinkSessionJob alike. A
 *   batch job (`streaming: false`, from Flink's `job-type`) is not. The backend reads the type once
 *   per job after it first lists it, so a new job's type can be unknown for a poll or two (or for
 *   good, when the read keeps failing, and always for custom resources, which do not carry it):
 *   such a job is judged as a streaming one.
 * - Spark: a SparkApplication, a resource someone keeps declared on the cluster, which may be a
 *   streaming app that never ends; nothing tells a batch one apart, so one shows while it runs. A
 *   standalone master's applications are runs (every nightly batch would flash in the catalog).
 * - Ray: no job. Ray jobs, through the Jobs API or as RayJobs, are batch by nature (a RayJob even
 *   brings a cluster that goes with it); what runs for good on Ray is a Serve application, which
 *   the snapshot lists as a service (see serviceEntity.ts).
 */
function mayRunForGood(job: JobSummary): boolean {
  switch (job.engine) {
    case 'flink':
      return job.streaming !== false;
    case 'spark':
      return customResourceKind(job) === 'SparkApplication';
    default:
      return false;
  }
}

/**
 * Whether a job is long-running, from what the lakehouse backend reports of it: a job of a sort
 * that can run for good (see `mayRunForGood`) whose state says it exists on the engine now. A job
 * that has not ended (RUNNING, and INITIALIZING/CREATED/RECONCILING, RESTARTING, FAILING,
 * CANCELLING, SUBMITTED, ..., all normalised to PENDING or RUNNING, or a state the backend does not
 * know) is. A finished, cancelled or suspended job is left out, and so is a job only the portal's
 * history remembers. A FAILED job is left out too (it may be a batch job: Flink's type is not read
 * for ended jobs), unless it is already a component: a streaming job that the catalog shows keeps
 * showing, failed, until the engine forgets it, runs it again, or its resource is deleted.
 */
export function isLongRunning(
  job: JobSummary,
  known: (job: JobSummary) => boolean,
): boolean {
  if (job.fromHistory || !mayRunForGood(job)) return false;
  switch (job.state) {
    case 'PENDING':
    case 'RUNNING':
    case 'UNKNOWN':
      return true;
    case 'FAILED':
      return known(job);
    default:
      return false;
  }
}

/** What the entity of a job on an instance is made of. */
export function jobFacts(job: JobSummary, instance: string): JobFacts {
  const resource = customResourceKind(job) ? job.id : undefined;
  return {
    engine: job.engine,
    instance,
    name: job.name,
    ...(resource && { resource }),
  };
}

const validator = makeValidator();

/**
 * A valid entity name: `<engine>-<instance>-<job name>` (a prefix no hand-written component
 * has, so a discovered job never collides with one being registered), or with the custom resource
 * (`<kind>:<namespace>:<name>`) in place of the job name. When that has characters a name cannot
 * have (a resource always has), or is too long, a hash of the whole is appended, so two jobs
 * never share a name.
 */
export function jobEntityName(job: JobFacts): string {
  return entityName(
    `${job.engine}-${job.instance}-${job.resource ?? job.name}`,
  );
}

/** `full` when it is a valid entity name, else sanitized and shortened, with a hash of the whole. */
export function entityName(full: string): string {
  const sanitized = full
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/[._-]+$/, '');
  if (sanitized === full && validator.isValidEntityName(full)) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${sanitized.slice(0, 54).replace(/[._-]+$/, '')}-${hash}`;
}

/** Where the job's entity comes from: the lakehouse backend's job list, searched for its name (its resource's id: fixed). */
export function jobLocation(baseUrl: string, job: JobFacts): string {
  const query = new URLSearchParams({
    engine: job.engine,
    instance: job.instance,
    q: job.resource ?? job.name,
  });
  return `url:${baseUrl}/jobs?${query}`;
}

/**
 * The job as a production `Component` of the lakehouse system. Nothing of a single run (its id,
 * state or times) is in it: the entity changes only when the job is another one.
 */
export function jobEntity(
  job: JobFacts,
  config: LongRunningJobsConfig,
  baseUrl: string,
): Entity {
  const location = jobLocation(baseUrl, job);
  const engine = ENGINE_TITLES[job.engine];
  const resource = job.resource?.split(':');
  const source = resource
    ? ` (the ${resource[0]} ${resource[1]}/${resource[2]})`
    : '';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: jobEntityName(job),
      title: job.name,
      description: `${engine} job '${job.name}'${source}, discovered running on the ${engine} instance '${job.instance}' by the portal. No catalog-info.yaml claims it (lakehouse.io/engine, lakehouse.io/engine-instance, lakehouse.io/job-name).`,
      tags: [job.engine, 'discovered'],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [LAKEHOUSE_ENGINE_ANNOTATION]: job.engine,
        [LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION]: job.instance,
        [LAKEHOUSE_JOB_NAME_ANNOTATION]: job.name,
        // A resource's id is fixed: the job card finds the job by it whatever name it reports.
        ...(job.resource && { [LAKEHOUSE_JOB_ID_ANNOTATION]: job.resource }),
      },
    },
    spec: {
      type: COMPONENT_TYPES[job.engine] ?? `${job.engine}-job`,
      lifecycle: 'production',
      owner: config.owner,
      system: config.system,
    },
  };
}
