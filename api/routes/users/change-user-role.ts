import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { idParam, roleSchema } from '../../http/common-schemas';
import { toUserView, USER_COLUMNS, userSchema, type UserRow } from './user-schema';

export const changeUserRoleRoute = defineRoute({
  method: 'put',
  path: '/v1/users/:userId/role',
  summary: "Change a user's role (owners only; an account always keeps an owner)",
  tags: ['users'],
  auth: 'user',
  roles: ['owner'],
  request: { params: idParam('userId'), body: z.object({ role: roleSchema }) },
  responses: {
    200: { description: 'Changed', schema: z.object({ user: userSchema }) },
    409: { description: 'Would leave the account without an owner' },
  },
  async handler({ params, body, principal, deps }) {
    const user = await deps.db.transaction(async (trx) => {
      // Lock the account's users so two demotions cannot both pass the last-owner check.
      const users = await trx('users')
        .where({ account_id: principal.accountId })
        .forUpdate()
        .select<UserRow[]>(...USER_COLUMNS);
      const target = users.find((u) => u.id === params.userId);
      if (!target) throw new ApiError('NOT_FOUND', 'no such user');
      if (target.role === body.role) return target;
      if (target.role === 'owner' && users.filter((u) => u.role === 'owner').length === 1)
        throw new ApiError('CONFLICT', 'the account must keep at least one owner');
      const [updated] = await trx('users')
        .where({ id: target.id })
        .update({ role: body.role, updated_at: trx.fn.now() })
        .returning<UserRow[]>([...USER_COLUMNS]);
      await recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'user.role_changed',
        targetType: 'user',
        targetId: target.id,
        summary: { from: target.role, to: body.role },
      });
      return updated ?? target;
    });
    return { status: 200, body: { user: toUserView(user) } };
  },
});
