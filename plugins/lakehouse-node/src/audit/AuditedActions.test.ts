import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lakehouseJobCancelPermission } from '@internal/plugin-lakehouse-common';
import { AuditedActions, boundAuditMeta } from './AuditedActions';

function setup(result: AuthorizeResult) {
  const event = { success: jest.fn(), fail: jest.fn() };
  const auditor = { createEvent: jest.fn(async () => event) };
  const permissions = {
    authorize: jest.fn(async () => [{ result }]),
    authorizeConditional: jest.fn(),
  };
  const audited = new AuditedActions({
    auditor: auditor as any,
    permissions: permissions as any,
  });
  return { audited, auditor, event, permissions };
}

const what = {
  eventId: 'job-cancel',
  severityLevel: 'medium' as const,
  permission: lakehouseJobCancelPermission,
  resourceRef: 'ray/local/raysubmit_1',
  meta: { engine: 'ray', instance: 'local', jobId: 'raysubmit_1' },
};
const ctx = { credentials: mockCredentials.user('user:default/ana') };

describe('AuditedActions', () => {
  it('runs an allowed action and closes its event with the outcome', async () => {
    const { audited, auditor, event, permissions } = setup(
      AuthorizeResult.ALLOW,
    );
    const action = jest.fn(async () => ({ result: 42, meta: { jobId: 'x' } }));
    await expect(audited.run(what, ctx, action)).resolves.toBe(42);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'job-cancel', meta: what.meta }),
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: lakehouseJobCancelPermission,
          resourceRef: 'ray/local/raysubmit_1',
        },
      ],
      { credentials: ctx.credentials },
    );
    expect(event.success).toHaveBeenCalledWith({ meta: { jobId: 'x' } });
    expect(event.fail).not.toHaveBeenCalled();
  });

  it('audits a denial and never runs the action', async () => {
    const { audited, event } = setup(AuthorizeResult.DENY);
    const action = jest.fn();
    await expect(audited.run(what, ctx, action)).rejects.toThrow(
      new NotAllowedError('Missing permission lakehouse.job.cancel'),
    );
    expect(action).not.toHaveBeenCalled();
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.any(NotAllowedError),
    });
    expect(event.success).not.toHaveBeenCalled();
  });

  it('records the original failure and throws what the caller should see', async () => {
    const { audited, event } = setup(AuthorizeResult.ALLOW);
    const original = new Error('engine said no');
    const shown = new Error('400: engine said no');
    await expect(
      audited.run(
        what,
        ctx,
        async () => {
          throw original;
        },
        () => shown,
      ),
    ).rejects.toBe(shown);
    expect(event.fail).toHaveBeenCalledWith({ error: original });
  });

  it('bounds what a caller can put into an audit event', async () => {
    const { audited, auditor, event } = setup(AuthorizeResult.ALLOW);
    const huge = 'x'.repeat(1_000_000);
    await audited
      .run(
        { ...what, meta: { name: huge, args: Array(10_000).fill('a') } },
        ctx,
        async () => {
          throw new Error(huge);
        },
      )
      .catch(() => undefined);
    const opened = JSON.stringify(auditor.createEvent.mock.calls[0]);
    expect(opened.length).toBeLessThan(4000);
    const failed = (event.fail.mock.calls[0] as any)[0].error as Error;
    expect(failed.message.length).toBeLessThan(1100);
  });

  it('keeps small, shallow metadata as it is', () => {
    const meta = { a: 'b', n: 1, list: [1, 2], nested: { ok: true } };
    expect(boundAuditMeta(meta)).toEqual(meta);
    expect(
      JSON.stringify(boundAuditMeta({ a: { b: { c: { d: { e: 'deep' } } } } })),
    ).toContain('deep');
  });

  it('keeps credentials an engine quoted out of the audit event', async () => {
    const { audited, auditor, event } = setup(AuthorizeResult.ALLOW);
    const leak =
      "Traceback ... {'AWS_SECRET_ACCESS_KEY': 'wJalrXUtnFEMI/K7MDENG'}";
    await audited
      .run({ ...what, meta: { output: leak } }, ctx, async () => {
        throw new Error(leak);
      })
      .catch(() => undefined);
    const recorded = JSON.stringify([
      auditor.createEvent.mock.calls,
      (event.fail.mock.calls[0] as any)[0].error.message,
    ]);
    expect(recorded).toContain('AWS_SECRET_ACCESS_KEY');
    expect(recorded).not.toContain('wJalrXUtnFEMI');
  });

  it("applies the redaction it is given (a plugin's own known secrets)", async () => {
    const { auditor, event } = setup(AuthorizeResult.ALLOW);
    const audited = new AuditedActions({
      auditor: auditor as any,
      permissions: {
        authorize: jest.fn(async () => [{ result: AuthorizeResult.ALLOW }]),
        authorizeConditional: jest.fn(),
      } as any,
      redact: text => text.split('plugin-known-value').join('<masked>'),
    });
    await audited
      .run({ ...what, meta: { note: 'plugin-known-value' } }, ctx, async () => {
        throw new Error('failed with plugin-known-value');
      })
      .catch(() => undefined);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ meta: { note: '<masked>' } }),
    );
    expect((event.fail.mock.calls[0] as any)[0].error.message).toBe(
      'failed with <masked>',
    );
  });
});
