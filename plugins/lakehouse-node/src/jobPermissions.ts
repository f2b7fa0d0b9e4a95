import {
  LAKEHOUSE_JOB_OWNER_RULE,
  LAKEHOUSE_JOB_RESOURCE_TYPE,
} from '@internal/plugin-lakehouse-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * What the permission framework knows of one engine job when it decides an
 * action on it.
 * @public
 */
export interface LakehouseJobResource {
  engine: string;
  instance: string;
  jobId: string;
  /** The user who submitted it through the portal; absent for jobs started elsewhere. */
  submittedBy?: string;
  /** Owners (groups or users) of the catalog entities that run this job. */
  ownerRefs: string[];
}

/**
 * The filter form of the rules, for a future job list filtered by permission.
 * @public
 */
export type LakehouseJobQuery = { ownedByAnyOf: string[] };

/** @public */
export const lakehouseJobPermissionResourceRef = createPermissionResourceRef<
  LakehouseJobResource,
  LakehouseJobQuery
>().with({ pluginId: 'lakehouse', resourceType: LAKEHOUSE_JOB_RESOURCE_TYPE });

/**
 * Matches when the job's submitter or one of its entity's owners is among the
 * claims (a user's ref and groups, as `userInfo` gives them).
 * @public
 */
export const isJobOwnerRule = createPermissionRule({
  name: LAKEHOUSE_JOB_OWNER_RULE,
  description:
    'Allow the user who submitted the job and the owners of the catalog entity that runs it',
  resourceRef: lakehouseJobPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Ownership refs of the user: their user ref and their groups'),
  }),
  apply: (job, { claims }) =>
    (job.submittedBy !== undefined && claims.includes(job.submittedBy)) ||
    job.ownerRefs.some(ref => claims.includes(ref)),
  toQuery: ({ claims }) => ({ ownedByAnyOf: claims }),
});

/**
 * Conditions on jobs for permission policies, e.g.
 * `createLakehouseJobConditionalDecision(permission, lakehouseJobConditions.isJobOwner({ claims }))`.
 * @public
 */
export const {
  conditions: lakehouseJobConditions,
  createConditionalDecision: createLakehouseJobConditionalDecision,
} = createConditionExports({
  resourceRef: lakehouseJobPermissionResourceRef,
  rules: { isJobOwner: isJobOwnerRule },
});
