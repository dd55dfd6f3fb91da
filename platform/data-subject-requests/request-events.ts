import { z } from 'zod';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { DsrEventRow } from '../database/tables';
import { RETAINABLE_CATEGORIES } from './subject-data';

/**
 * Operator actions on a request. Their texts (reasons, notes, legal bases) are
 * stored here and only the event's ID travels to the workflow.
 */
export const decisionSchema = z.object({
  outcome: z.enum(['proceed', 'refuse']),
  /** Categories kept back from erasure under a legal exception. */
  retain: z.array(z.enum(RETAINABLE_CATEGORIES)).default([]),
  /** The legal basis of a refusal or exception, as told to the subject. */
  basis: z.string().trim().max(2000).default(''),
});
export type Decision = z.infer<typeof decisionSchema>;

async function insertEvent(
  db: Database,
  requestId: string,
  operatorId: string,
  kind: DsrEventRow['kind'],
  body: Record<string, unknown>,
  action: string,
): Promise<string> {
  return db.transaction(async (trx) => {
    const request = await trx('data_subject_requests').select('account_id').where({ id: requestId }).first();
    if (!request) throw new Error('request not found');
    const rows: Array<{ id: string }> = await trx('dsr_events')
      .insert({ request_id: requestId, operator_id: operatorId, kind, body })
      .returning('id');
    const row = rows[0];
    if (!row) throw new Error('event insert returned no row');
    await recordAudit(trx, {
      accountId: request.account_id,
      actorType: 'operator',
      actorId: operatorId,
      action,
      targetType: 'data_subject_request',
      targetId: requestId,
      summary: { eventId: row.id, ...(kind === 'decision' ? { outcome: body.outcome, retain: body.retain } : {}) },
    });
    return row.id;
  });
}

export function addNote(db: Database, requestId: string, operatorId: string, text: string): Promise<string> {
  return insertEvent(db, requestId, operatorId, 'note', { text }, 'dsr.note_added');
}

export function recordExtensionRequest(
  db: Database,
  requestId: string,
  operatorId: string,
  reason: string,
): Promise<string> {
  return insertEvent(db, requestId, operatorId, 'extension', { reason }, 'dsr.extension_requested');
}

export function recordDecision(
  db: Database,
  requestId: string,
  operatorId: string,
  decision: Decision,
): Promise<string> {
  return insertEvent(db, requestId, operatorId, 'decision', decision, 'dsr.decision_recorded');
}

export async function readEvent(db: Database, eventId: string): Promise<DsrEventRow> {
  const row = await db('dsr_events').where({ id: eventId }).first();
  if (!row) throw new Error(`event ${eventId} not found`);
  return row;
}

export async function readDecision(db: Database, eventId: string): Promise<Decision> {
  const row = await readEvent(db, eventId);
  if (row.kind !== 'decision') throw new Error(`event ${eventId} is not a decision`);
  return decisionSchema.parse(row.body);
}

export async function listEvents(db: Database, requestId: string) {
  return await db('dsr_events').where({ request_id: requestId }).orderBy('created_at');
}
