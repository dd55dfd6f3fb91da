import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { z } from 'zod';
import { createTemporalClient } from '../../../platform/temporal/connection';
import {
  decideRequest,
  extendRequest,
  requestWorkflowStatus,
  startDataSubjectRequestWorkflow,
} from '../../../platform/temporal/data-subject-request-client';
import { WORKING_DUE_SQL, workingDueAt } from '../../../platform/data-subject-requests/deadlines';
import { addNote, decisionSchema, listEvents } from '../../../platform/data-subject-requests/request-events';
import {
  DSR_TYPES,
  findRequest,
  JURISDICTIONS,
  submitMemberRequest,
  type DsrRow,
} from '../../../platform/data-subject-requests/requests';
import { RETAINABLE_CATEGORIES } from '../../../platform/data-subject-requests/subject-data';
import { ApiError } from '../../errors/api-error';
import { output, requireOperator, type CliContext } from '../cli-context';
import { toDsrView } from '../../routes/data-subject-requests/dsr-view';

/** The CLI runs where the database is reachable, so it shows the subject's address as stored. */
function toCliDsrView(row: DsrRow) {
  return { ...toDsrView(row), subjectEmail: row.subject_email, subjectUserId: row.subject_user_id };
}

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError('BAD_REQUEST', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

const json = z.boolean().optional();
const operatorId = z.uuid();

async function requireRequest(context: CliContext, id: string): Promise<DsrRow> {
  const row = await findRequest(context.db(), id);
  if (!row) throw new ApiError('NOT_FOUND', `no request ${id}`);
  return row;
}

function line(row: DsrRow): string {
  const due = workingDueAt(row);
  return `${row.id} ${row.jurisdiction.toUpperCase()} ${row.type} ${row.status} due ${due.toISOString().slice(0, 10)} (legal ${row.legal_due_at.toISOString().slice(0, 10)})`;
}

export function registerDsrCommands(program: Command, context: CliContext): void {
  const dsr = program.command('dsr').description('Data-subject requests (GDPR/CCPA)');
  let client: Client | null = null;
  const temporal = async () => {
    client ??= await createTemporalClient(context.config().temporal);
    return client;
  };
  const closeTemporal = async () => {
    await client?.connection.close();
    client = null;
  };

  dsr
    .command('submit')
    .description(
      'Record a request made through another channel for a member (identity checked by the operator) and start it',
    )
    .requiredOption('--user <userId>', 'the subject, an account member')
    .requiredOption('--type <type>', DSR_TYPES.join('|'))
    .requiredOption('--jurisdiction <j>', JURISDICTIONS.join('|'))
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const o = parse(
        z.object({ user: z.uuid(), type: z.enum(DSR_TYPES), jurisdiction: z.enum(JURISDICTIONS), json }),
        raw,
      );
      const user = await context.db()('users').select('account_id').where({ id: o.user }).first();
      if (!user?.account_id) throw new ApiError('NOT_FOUND', 'no such member');
      const row = await submitMemberRequest(context.db(), {
        accountId: user.account_id,
        userId: o.user,
        type: o.type,
        jurisdiction: o.jurisdiction,
        now: new Date(),
      });
      try {
        await startDataSubjectRequestWorkflow(await temporal(), context.db(), context.config(), row);
      } finally {
        await closeTemporal();
      }
      output(o.json, toCliDsrView(row), () => `submitted ${line(row)}`);
    });

  dsr
    .command('list')
    .description('Requests, soonest due first')
    .option('--open', 'only requests not yet closed')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const o = parse(z.object({ open: z.boolean().optional(), json }), raw);
      const q = context.db()('data_subject_requests').orderByRaw(WORKING_DUE_SQL).limit(500);
      if (o.open) void q.whereNull('closed_at');
      const rows = await q;
      output(o.json, { requests: rows.map(toCliDsrView) }, () => rows.map(line).join('\n') || 'no requests');
    });

  dsr
    .command('show <requestId>')
    .description("A request, its operator events and its workflow's live status")
    .option('--json', 'print JSON')
    .action(async (requestId: string, raw: unknown) => {
      const o = parse(z.object({ json }), raw);
      const row = await requireRequest(context, parse(z.uuid(), requestId));
      const events = await listEvents(context.db(), row.id);
      const workflow = await requestWorkflowStatus(await temporal(), row.id)
        .catch(() => null)
        .finally(closeTemporal);
      output(o.json, { ...toCliDsrView(row), events, workflow }, () =>
        [
          line(row),
          ...events.map((e) => `  ${e.kind} ${e.status} ${JSON.stringify(e.body)}`),
          workflow
            ? `  workflow: ${workflow.state}, steps ${workflow.completedSteps.join(', ')}`
            : '  workflow: not reachable',
        ].join('\n'),
      );
    });

  dsr
    .command('extend <requestId>')
    .description(
      'Extend the deadline (GDPR within the first month, CCPA within 45 days, once); the reason is e-mailed to the subject',
    )
    .requiredOption('--operator <userId>', 'your operator user ID')
    .requiredOption('--reason <text>', 'why more time is needed')
    .option('--json', 'print JSON')
    .action(async (requestId: string, raw: unknown) => {
      const o = parse(z.object({ operator: operatorId, reason: z.string().trim().min(10), json }), raw);
      await requireOperator(context, o.operator);
      const row = await requireRequest(context, parse(z.uuid(), requestId));
      const result = await extendRequest(await temporal(), context.db(), row.id, o.operator, o.reason).finally(
        closeTemporal,
      );
      output(o.json, result, () =>
        result.allowed ? `extended: now due ${result.dueAt ?? ''}` : `REFUSED: ${result.reason ?? ''}`,
      );
      if (!result.allowed) process.exitCode = 2;
    });

  dsr
    .command('note <requestId>')
    .description("Add a note to the request's evidence trail")
    .requiredOption('--operator <userId>', 'your operator user ID')
    .requiredOption('--text <text>', 'the note')
    .option('--json', 'print JSON')
    .action(async (requestId: string, raw: unknown) => {
      const o = parse(z.object({ operator: operatorId, text: z.string().trim().min(1), json }), raw);
      await requireOperator(context, o.operator);
      const row = await requireRequest(context, parse(z.uuid(), requestId));
      const eventId = await addNote(context.db(), row.id, o.operator, o.text);
      output(o.json, { eventId }, () => `note ${eventId} added`);
    });

  dsr
    .command('exception <requestId>')
    .description(
      'Decide an erasure or rectification: proceed (retaining categories under a legal exception) or refuse, with the legal basis',
    )
    .requiredOption('--operator <userId>', 'your operator user ID')
    .option('--refuse', 'refuse the request')
    .option('--retain <categories>', `comma-separated: ${RETAINABLE_CATEGORIES.join(',')}`)
    .option('--basis <text>', 'the legal basis, told to the subject', '')
    .option('--json', 'print JSON')
    .action(async (requestId: string, raw: unknown) => {
      const o = parse(
        z.object({
          operator: operatorId,
          refuse: z.boolean().optional(),
          retain: z.string().optional(),
          basis: z.string(),
          json,
        }),
        raw,
      );
      await requireOperator(context, o.operator);
      const decision = parse(decisionSchema, {
        outcome: o.refuse ? 'refuse' : 'proceed',
        retain: o.retain ? o.retain.split(',').map((s) => s.trim()) : [],
        basis: o.basis,
      });
      if ((decision.outcome === 'refuse' || decision.retain.length > 0) && decision.basis.length < 10)
        throw new ApiError('BAD_REQUEST', '--basis: a refusal or exception needs its legal basis');
      const row = await requireRequest(context, parse(z.uuid(), requestId));
      const eventId = await decideRequest(await temporal(), context.db(), row.id, o.operator, decision).finally(
        closeTemporal,
      );
      output(
        o.json,
        { eventId, ...decision },
        () =>
          `decision ${eventId} recorded: ${decision.outcome}${decision.retain.length ? `, retaining ${decision.retain.join(', ')}` : ''}`,
      );
    });
}
