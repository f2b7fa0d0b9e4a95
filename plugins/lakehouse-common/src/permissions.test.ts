import { lakehousePermissions } from './permissions';

describe('lakehousePermissions', () => {
  it('declares each permission once with its action', () => {
    expect(
      lakehousePermissions.map(p => [p.name, p.attributes.action]),
    ).toEqual([
      ['lakehouse.status.read', 'read'],
      ['lakehouse.job.submit', 'create'],
      ['lakehouse.job.cancel', 'update'],
    ]);
  });
});
