import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { auditActor } from '../../auth/principal';
import { insertUser } from '../../../platform/accounts/accounts';
import { directoryWrites } from '../../../platform/regions/directory';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { emailSchema, passwordSchema, roleSchema } from '../../http/common-schemas';
import { toUserView, USER_COLUMNS, userSchema, type UserRow } from './user-schema';

export const createUserRoute = defineRoute({
  method: 'post',
  path: '/v1/users',
  summary: 'Add a user to the account with a role (only owners add owners)',
  tags: ['users'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {
    body: z.object({
      name: z.string().trim().min(1).max(200),
      email: emailSchema,
      password: passwordSchema,
      role: roleSchema,
    }),
  },
  responses: {
    201: { description: 'Created', schema: z.object({ user: userSchema }) },
    409: { description: 'The e-mail address is taken' },
  },
  async handler({ body, principal, deps }) {
    if (body.role === 'owner' && principal.role !== 'owner') throw new ApiError('FORBIDDEN', 'only owners add owners');
    // The address enters the directory first, outside the transaction (a 409 when any region's user has
    // it), and leaves it again if the user is not committed.
    const directory = directoryWrites(deps);
    const user = await directory.run(async () => {
      await directory.addUser(body.email, principal.accountId);
      return deps.db.transaction(async (trx) => {
        const userId = await insertUser(trx, {
          accountId: principal.accountId,
          name: body.name,
          email: body.email,
          password: body.password,
          role: body.role,
        });
        await recordAudit(trx, {
          accountId: principal.accountId,
          ...auditActor(principal),
          action: 'user.created',
          targetType: 'user',
          targetId: userId,
          summary: { role: body.role },
        });
        return trx('users')
          .where({ id: userId })
          .first<UserRow>(...USER_COLUMNS);
      });
    });
    return { status: 201, body: { user: toUserView(user) } };
  },
});
