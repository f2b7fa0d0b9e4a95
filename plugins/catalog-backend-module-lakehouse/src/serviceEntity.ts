import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  LAKEHOUSE_ENGINE_ANNOTATION,
  LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION,
  LAKEHOUSE_SERVE_APPLICATION_ANNOTATION,
  type EngineKind,
  type ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import type { LongRunningJobsConfig } from './config';
import { entityName } from './jobEntity';

/** A service an engine instance hosts: a Ray Serve application, of a Ray cluster or a RayService. */
export interface ServiceFacts {
  engine: EngineKind;
  instance: string;
  /** The application's name (what `lakehouse.io/serve-application` matches). */
  name: string;
}

/**
 * Whether a listed service is one the catalog shows: every Serve application that exists, also
 * one that is deploying or failed to (its page shows why), but not one Serve is deleting.
 */
export function isServing(service: ServiceSummary): boolean {
  return service.rawStatus !== 'DELETING';
}

/**
 * `<engine>-<instance>-<application>`, made valid as job names are. Ray jobs never become
 * components (see isLongRunning), so an application cannot collide with one.
 */
export function serviceEntityName(service: ServiceFacts): string {
  return entityName(`${service.engine}-${service.instance}-${service.name}`);
}

/** Where the entity comes from: the instance's snapshot, which lists its services. */
export function serviceLocation(
  baseUrl: string,
  service: ServiceFacts,
): string {
  const query = new URLSearchParams({ service: service.name });
  return `url:${baseUrl}/engines/${encodeURIComponent(
    service.engine,
  )}/${encodeURIComponent(service.instance)}?${query}`;
}

/**
 * The application as a production `Component` of type `service`, the type of the hand-written Ray
 * Serve application (apps/recommender-serving). Nothing of its status is in it: the entity
 * changes only when the application is another one.
 */
export function serviceEntity(
  service: ServiceFacts,
  config: LongRunningJobsConfig,
  baseUrl: string,
): Entity {
  const location = serviceLocation(baseUrl, service);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: serviceEntityName(service),
      title: service.name,
      description: `Ray Serve application '${service.name}', discovered on the ${service.engine} instance '${service.instance}' by the portal. No catalog-info.yaml claims it (lakehouse.io/engine, lakehouse.io/serve-application).`,
      tags: [service.engine, 'serve', 'discovered'],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [LAKEHOUSE_ENGINE_ANNOTATION]: service.engine,
        [LAKEHOUSE_ENGINE_INSTANCE_ANNOTATION]: service.instance,
        [LAKEHOUSE_SERVE_APPLICATION_ANNOTATION]: service.name,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: config.owner,
      system: config.system,
    },
  };
}
