import { z } from 'zod';
import type { Region } from '../../../platform/config/config';
import type { Plan } from '../../../platform/billing/plans';
import { defineRoute } from '../../http/define-route';
import { planSchema, regionSchema, roleSchema } from '../../http/common-schemas';

export const meRoute = defineRoute({
  method: 'get',
  path: '/v1/me',
  summary: 'The calling user and their account',
  tags: ['auth'],
  auth: 'user',
  allowDisabledAccount: true,
  allowDuringMove: true,
  request: {},
  responses: {
    200: {
      description: 'Who is calling',
      schema: z.object({
        userId: z.uuid(),
        name: z.string(),
        email: z.string(),
        role: roleSchema,
        account: z.object({
          id: z.uuid(),
          name: z.string(),
          plan: planSchema,
          region: regionSchema,
          status: z.string(),
        }),
      }),
    },
  },
  async handler({ principal, deps }) {
    const row = await deps
      .db('users as u')
      .join('accounts as a', 'a.id', 'u.account_id')
      .where('u.id', principal.userId)
      .first<
        { name: string; email: string; account_name: string; plan: Plan; region: Region; status: string } | undefined
      >('u.name', 'u.email', 'a.name as account_name', 'a.plan', 'a.region', 'a.status');
    if (!row) throw new Error('authenticated user has no row');
    return {
      status: 200,
      body: {
        userId: principal.userId,
        name: row.name,
        email: row.email,
        role: principal.role,
        account: {
          id: principal.accountId,
          name: row.account_name,
          plan: row.plan,
          region: row.region,
          status: row.status,
        },
      },
    };
  },
});
