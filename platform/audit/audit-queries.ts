import type { Knex } from 'knex';
import { z } from 'zod';
import { pgTimestampSchema } from '../database/pg-values';
import { toAuditEntry } from './audit-trail';
import type { Database } from '../database/database';

export const auditFiltersSchema = z.object({
  action: z.string().min(1).max(100).optional(),
  actorType: z.enum(['user', 'operator', 'api_key', 'system', 'stripe', 'subject']).optional(),
  actorId: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(100).optional(),
  from: pgTimestampSchema.optional(),
  to: pgTimestampSchema.optional(),
});

export const auditPageSchema = auditFiltersSchema.extend({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'a nextCursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    createdAt: z.date(),
    accountId: z.uuid().nullable(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const verificationSchema = z
  .object({
    valid: z.boolean(),
    checked: z.number().int(),
    brokenId: z.number().int().optional().meta({ description: 'The first entry whose link or hash does not match' }),
    reason: z.string().optional(),
  })
  .meta({ id: 'AuditVerification' });

type Filters = z.output<typeof auditFiltersSchema>;

/** Entries matching the filters; accountId null means every account (operators only). */
export function auditQuery(
  db: Database | Knex.Transaction,
  accountId: string | null,
  filters: Filters,
): Knex.QueryBuilder {
  const q = db('audit_log');
  if (accountId) void q.where({ account_id: accountId });
  if (filters.action) void q.where({ action: filters.action });
  if (filters.actorType) void q.where({ actor_type: filters.actorType });
  if (filters.actorId) void q.where({ actor_id: filters.actorId });
  if (filters.targetType) void q.where({ target_type: filters.targetType });
  if (filters.targetId) void q.where({ target_id: filters.targetId });
  if (filters.from) void q.where('created_at', '>=', filters.from);
  if (filters.to) void q.where('created_at', '<', filters.to);
  return q;
}

/** Newest first; the cursor is the last ID of the previous page (stable while entries are appended). */
export async function auditPage(db: Database, accountId: string | null, page: z.output<typeof auditPageSchema>) {
  const q = auditQuery(db, accountId, page)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor) void q.where('id', '<', Number(page.cursor));
  const rows = (await q.select<Parameters<typeof toAuditEntry>[0][]>('*')).map(toAuditEntry);
  const entries = rows.slice(0, page.limit);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > page.limit && last ? String(last.id) : null };
}
