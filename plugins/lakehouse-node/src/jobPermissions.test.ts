import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseJobCancelPermission } from '@internal/plugin-lakehouse-common';
import {
  createLakehouseJobConditionalDecision,
  isJobOwnerRule,
  lakehouseJobConditions,
} from './jobPermissions';

const job = {
  engine: 'flink',
  instance: 'local',
  jobId: 'abc',
  submittedBy: 'user:default/ada',
  ownerRefs: ['group:default/fraud-team'],
};

describe('isJobOwnerRule', () => {
  it('matches the submitter and members of the owning group only', () => {
    expect(isJobOwnerRule.apply(job, { claims: ['user:default/ada'] })).toBe(
      true,
    );
    expect(
      isJobOwnerRule.apply(job, {
        claims: ['user:default/bob', 'group:default/fraud-team'],
      }),
    ).toBe(true);
    expect(
      isJobOwnerRule.apply(job, {
        claims: ['user:default/bob', 'group:default/marketing'],
      }),
    ).toBe(false);
    expect(
      isJobOwnerRule.apply(
        { ...job, submittedBy: undefined, ownerRefs: [] },
        { claims: ['user:default/ada'] },
      ),
    ).toBe(false);
  });

  it('is a conditional decision the lakehouse plugin evaluates', () => {
    expect(
      createLakehouseJobConditionalDecision(
        lakehouseJobCancelPermission,
        lakehouseJobConditions.isJobOwner({ claims: ['user:default/ada'] }),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'lakehouse',
      resourceType: 'lakehouse-job',
      conditions: {
        rule: 'IS_JOB_OWNER',
        resourceType: 'lakehouse-job',
        params: { claims: ['user:default/ada'] },
      },
    });
  });
});
