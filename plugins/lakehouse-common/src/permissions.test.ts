import {
  LAKEHOUSE_JOB_RESOURCE_TYPE,
  lakehouseJobCancelPermission,
  lakehouseJobResourceRef,
  lakehousePermissions,
  lakehouseTableReadDataPermission,
  lakehouseTableReadPermission,
  parseLakehouseJobResourceRef,
} from './permissions';

describe('lakehousePermissions', () => {
  it('declares each permission once with its action', () => {
    expect(
      lakehousePermissions.map(p => [p.name, p.attributes.action]),
    ).toEqual([
      ['lakehouse.status.read', 'read'],
      ['lakehouse.job.submit', 'create'],
      ['lakehouse.job.cancel', 'update'],
      ['lakehouse.job.control', 'update'],
      ['lakehouse.table.read', 'read'],
      ['lakehouse.table.read-data', 'read'],
      ['lakehouse.lineage.write', 'create'],
    ]);
  });

  it("decides reading a table's rows on the catalog entity that claims it", () => {
    expect(lakehouseTableReadDataPermission).toMatchObject({
      type: 'resource',
      resourceType: 'catalog-entity',
    });
    expect(lakehouseTableReadPermission.type).toBe('basic');
  });
});

describe('lakehouseJobResourceRef', () => {
  it('round-trips any job id, and refuses what is not a job ref', () => {
    const job = { engine: 'ray', instance: 'local', jobId: 'raysubmit_a/b:c%' };
    const ref = lakehouseJobResourceRef(job);
    expect(ref.split('/')).toHaveLength(3);
    expect(parseLakehouseJobResourceRef(ref)).toEqual(job);
    for (const bad of [
      'spark/local',
      'a/b/c/d',
      'spark//x',
      'spark/local/%E0%A4%A',
    ]) {
      expect(parseLakehouseJobResourceRef(bad)).toBeUndefined();
    }
  });

  it('makes cancelling a decision per job', () => {
    expect(lakehouseJobCancelPermission).toMatchObject({
      type: 'resource',
      resourceType: LAKEHOUSE_JOB_RESOURCE_TYPE,
    });
  });
});
