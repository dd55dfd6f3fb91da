import { z } from 'zod';
import type { DsrRow } from '../../../platform/data-subject-requests/requests';
import { DSR_TYPES, JURISDICTIONS, rectificationDetailsSchema } from '../../../platform/data-subject-requests/requests';
import { workingDueAt } from '../../../platform/data-subject-requests/deadlines';
import { maskEmail } from '../../../platform/data-subject-requests/masked-email';
import type { Config } from '../../../platform/config/config';
import { dataSubjectRequestWorkflowLink } from '../../../platform/temporal/workflow-links';

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
  channel: z.enum(['member', 'public', 'child-report']).meta({
    description: 'child-report: an erasure started by an operator confirming that the user is under 16',
  }),
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
  subjectEmailMasked: z.string().nullable().meta({
    description: 'e.g. j***@example.com; the address itself only through POST …/subject-email (audited)',
  }),
  subjectUserId: z.string().nullable(),
  workingDueAt: z
    .string()
    .meta({ description: 'The date we work to: the earlier of promised and legal, or the extension' }),
  daysLeft: z.number().int().meta({ description: 'Whole days until workingDueAt, rounded up; negative once overdue' }),
  temporal: z.object({
    workflowId: z.string(),
    query: z.string().meta({ description: 'Visibility query (search attributes) that finds the workflow' }),
    url: z.string().meta({ description: 'The Temporal Web UI filtered by that query' }),
  }),
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

const DAY_MS = 86_400_000;

export function toOperatorDsrView(row: DsrRow, temporal: Config['temporal'], now: Date = new Date()) {
  const due = workingDueAt(row);
  return {
    ...toDsrView(row),
    subjectEmailMasked: row.subject_email === null ? null : maskEmail(row.subject_email),
    subjectUserId: row.subject_user_id,
    workingDueAt: due.toISOString(),
    daysLeft: Math.ceil((due.getTime() - now.getTime()) / DAY_MS),
    temporal: dataSubjectRequestWorkflowLink(temporal, row),
  };
}

export const requestIdParams = z.object({ requestId: z.uuid() });
