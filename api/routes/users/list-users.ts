import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { toUserView, USER_COLUMNS, userSchema, type UserRow } from './user-schema';

export const listUsersRoute = defineRoute({
  method: 'get',
  path: '/v1/users',
  summary: "The account's users and their roles",
  tags: ['users'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {},
  responses: { 200: { description: 'Users', schema: z.object({ users: z.array(userSchema) }) } },
  async handler({ principal, deps }) {
    const rows = await deps
      .db('users')
      .where({ account_id: principal.accountId })
      .orderBy('created_at')
      .select<UserRow[]>(...USER_COLUMNS);
    return { status: 200, body: { users: rows.map(toUserView) } };
  },
});
