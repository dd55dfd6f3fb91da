import { z } from 'zod';
import type { DsrRow } from '../../../platform/data-subject-requests/requests';
import { DSR_TYPES, JURISDICTIONS, rectificationDetailsSchema } from '../../../platform/data-subject-requests/requests';

/** How a request is shown by the data-subject request routes (the subject's address only to operators). */
export const dsrTypeSchema = z.enum(DSR_TYPES);
export const jurisdictionSchema = z.enum(JURISDICTIONS);
export const submissionBodySchema = z.object({
  type: dsrTypeSchema,
  jurisdiction: jurisdictionSchema,
  /** For rectification: the corrected values. */
  details: rectificationDetailsSchema.optional(),
});

export const dsrViewSchema = z.object({
  id: z.string(),
  type: dsrTypeSchema,
  jurisdiction: jurisdictionSchema,
  channel: z.enum(['member', 'public']),
  status: z.string(),
  accountId: z.string().nullable(),
  receivedAt: z.string(),
  promisedDueAt: z.string(),
  legalDueAt: z.string(),
  extendedDueAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closingReason: z.string().nullable(),
});
export type DsrView = z.infer<typeof dsrViewSchema>;

export const operatorDsrViewSchema = dsrViewSchema.extend({
  subjectEmail: z.string().nullable(),
  subjectUserId: z.string().nullable(),
});

export function toDsrView(row: DsrRow): DsrView {
  return {
    id: row.id,
    type: row.type,
    jurisdiction: row.jurisdiction,
    channel: row.channel,
    status: row.status,
    accountId: row.account_id,
    receivedAt: row.received_at.toISOString(),
    promisedDueAt: row.promised_due_at.toISOString(),
    legalDueAt: row.legal_due_at.toISOString(),
    extendedDueAt: row.extended_due_at?.toISOString() ?? null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closingReason: row.closing_reason,
  };
}

export function toOperatorDsrView(row: DsrRow) {
  return { ...toDsrView(row), subjectEmail: row.subject_email, subjectUserId: row.subject_user_id };
}

export const requestIdParams = z.object({ requestId: z.uuid() });
