import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  makeValidator,
  type Entity,
} from '@backstage/catalog-model';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
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
}

/** `spec.type` per engine, as the hand-written entities and the templates write it. */
const COMPONENT_TYPES: Partial<Record<EngineKind, string>> = {
  flink: 'flink-job',
};

const ENGINE_TITLES: Record<EngineKind, string> = {
  spark: 'Spark',
  flink: 'Flink',
  ray: 'Ray',
};

/**
 * Whether a Flink job is long-running, from what the lakehouse backend reports of it.
 *
 * A batch job (`streaming: false`, from Flink's `job-type`) is not. The backend reads the type once
 * per job after it first lists it, so a new job's type can be unknown for a poll or two (or for
 * good, when the read keeps failing): such a job is judged as a streaming one. Then the job's state
 * decides: a job that Flink lists and has not ended (RUNNING, and
 * INITIALIZING/CREATED/RECONCILING, RESTARTING, FAILING, CANCELLING, all normalised to PENDING or
 * RUNNING, or a state the backend does not know) exists on the engine now. A finished, cancelled or
 * suspended job is left out, and so is a job only the portal's history remembers. A FAILED job is
 * left out too (it may be a batch job: the type is not read for ended jobs), unless its name is already a component: a streaming job
 * that the catalog shows keeps showing, failed, until the engine forgets it or runs it again.
 */
export function isLongRunning(
  job: JobSummary,
  known: (facts: JobFacts) => boolean,
): boolean {
  if (job.engine !== 'flink' || job.fromHistory || job.streaming === false)
    return false;
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

const validator = makeValidator();

/**
 * A valid entity name: `<engine>-<instance>-<job name>` (a prefix no hand-written component
 * has, so a discovered job never collides with one being registered). When the job's name has
 * characters a name cannot have, or is too long, a hash of the whole is appended, so two jobs
 * never share a name.
 */
export function jobEntityName(job: JobFacts): string {
  const full = `${job.engine}-${job.instance}-${job.name}`;
  const sanitized = full
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/[._-]+$/, '');
  if (sanitized === full && validator.isValidEntityName(full)) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${sanitized.slice(0, 54).replace(/[._-]+$/, '')}-${hash}`;
}

/** Where the job's entity comes from: the lakehouse backend's job list, searched for its name. */
export function jobLocation(baseUrl: string, job: JobFacts): string {
  const query = new URLSearchParams({
    engine: job.engine,
    instance: job.instance,
    q: job.name,
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
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: jobEntityName(job),
      title: job.name,
      description: `${engine} job '${job.name}', discovered running on the ${engine} instance '${job.instance}' by the portal. No catalog-info.yaml claims it (lakehouse.io/engine, lakehouse.io/engine-instance, lakehouse.io/job-name).`,
      tags: [job.engine, 'discovered'],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [LAKEHOUSE_ENGINE_ANNOTATION]: job.engine,
        [LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION]: job.instance,
        [LAKEHOUSE_JOB_NAME_ANNOTATION]: job.name,
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
