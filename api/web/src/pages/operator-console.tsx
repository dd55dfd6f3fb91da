import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDateTime, formatDay } from '../components/format';
import { PlainLayout, SignOutButton } from '../components/layout';
import { useSession } from '../session';
import { typeLabel } from './privacy-center';
import { OperatorChildReports } from './child-reports';

type Decision =
  paths['/v1/operator/data-subject-requests/{requestId}/decisions']['post']['requestBody']['content']['application/json'];

/** The legal limits on extensions, shown beside the button and again when the API refuses one. */
const EXTENSION_RULES: Record<string, string> = {
  gdpr: 'GDPR Art. 12(3): one extension of up to two further months, if the subject is told within the first month.',
  ccpa: 'CCPA § 1798.130(a)(2): one extension of 45 further days, if the subject is told within the first 45 days.',
};

const daysLeftText = (days: number) =>
  days < 0 ? `${-days} days overdue` : days === 0 ? 'due today' : `${days} days left`;

/** The console's frame: operators only; anyone else is sent to sign in. */
export function OperatorOnly({ title, children }: { title: string; children: ComponentChildren }) {
  const { session } = useSession();
  const { route } = useLocation();
  useEffect(() => {
    if (session.kind === 'anonymous') route('/signin?next=%2Foperator', true);
  }, [session.kind]);
  return (
    <PlainLayout title={title} wide>
      {session.kind === 'loading' && <Loading what="your session" />}
      {session.kind === 'user' && (
        <p>
          The operator console is for Autrace's privacy team. <a href="/">Back to your dashboard</a>.
        </p>
      )}
      {session.kind === 'operator' && (
        <>
          <p class="actions">
            <a href="/operator">Request queue</a>
            <a href="/operator/announcements">Announcements</a>
            <SignOutButton />
          </p>
          {children}
        </>
      )}
    </PlainLayout>
  );
}

function Queue() {
  const [openOnly, setOpenOnly] = useState(true);
  const list = useApi(
    () =>
      unwrap(api.GET('/v1/operator/data-subject-requests', { params: { query: openOnly ? { open: 'true' } : {} } })),
    [openOnly],
  );
  return (
    <>
      <label class="check">
        <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} />
        Open requests only
      </label>
      <ErrorMessage error={list.error} />
      {list.data && list.data.requests.length === 0 && <p>No requests.</p>}
      {list.data && list.data.requests.length > 0 && (
        <TableScroll label="Data-subject requests by the date we work to">
          <table>
            <thead>
              <tr>
                <th scope="col">Work to</th>
                <th scope="col">Days left</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Subject</th>
                <th scope="col">Law</th>
                <th scope="col">Workflow</th>
              </tr>
            </thead>
            <tbody>
              {list.data.requests.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`/operator/requests/${r.id}`}>{formatDay(r.workingDueAt)}</a>
                  </td>
                  <td>{daysLeftText(r.daysLeft)}</td>
                  <td>{typeLabel(r.type)}</td>
                  <td>{r.status}</td>
                  <td>{r.subjectEmailMasked ?? '—'}</td>
                  <td>{r.jurisdiction.toUpperCase()}</td>
                  <td>
                    <a href={r.temporal.url} target="_blank" rel="noreferrer">
                      Temporal UI<span class="visually-hidden"> for request {r.id}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const OperatorQueuePage = () => (
  <OperatorOnly title="Operator console: data-subject requests">
    <Queue />
    <OperatorChildReports />
  </OperatorOnly>
);

function RevealEmail({ requestId, masked }: { requestId: string; masked: string | null }) {
  const [email, setEmail] = useState<string | null>(null);
  const reveal = useAction(async () => {
    const result = await unwrap(
      api.POST('/v1/operator/data-subject-requests/{requestId}/subject-email', { params: { path: { requestId } } }),
    );
    setEmail(result.email);
  });
  return (
    <p>
      Subject e-mail: <strong>{email ?? masked ?? '—'}</strong>{' '}
      {!email && masked && (
        <button type="button" class="secondary" disabled={reveal.busy} onClick={() => void reveal.run()}>
          Reveal (recorded in the audit trail)
        </button>
      )}
      <ErrorMessage error={reveal.error} />
    </p>
  );
}

function RequestActions({
  requestId,
  jurisdiction,
  onChange,
}: {
  requestId: string;
  jurisdiction: string;
  onChange: () => void;
}) {
  const path = { params: { path: { requestId } } };
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Decision['outcome']>('proceed');
  const [basis, setBasis] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const extend = useAction(async () => {
    const result = await unwrap(
      api.POST('/v1/operator/data-subject-requests/{requestId}/extensions', { ...path, body: { reason } }),
    );
    setDone(`Extended: now due ${formatDay(result.dueAt)}.`);
    onChange();
  });
  const decide = useAction(async () => {
    await unwrap(
      api.POST('/v1/operator/data-subject-requests/{requestId}/decisions', {
        ...path,
        body: { outcome, basis, retain: [] },
      }),
    );
    setDone(
      outcome === 'proceed' ? 'Decision recorded: the request proceeds.' : 'Decision recorded: the request is refused.',
    );
    onChange();
  });
  const addNote = useAction(async () => {
    await unwrap(api.POST('/v1/operator/data-subject-requests/{requestId}/notes', { ...path, body: { text: note } }));
    setNote('');
    setDone('Note added.');
    onChange();
  });
  return (
    <>
      {done && <Notice>{done}</Notice>}
      <h2>Decide</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void decide.run();
        }}
      >
        <label>
          Outcome
          <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as Decision['outcome'])}>
            <option value="proceed">Proceed</option>
            <option value="refuse">Refuse</option>
          </select>
        </label>
        <label>
          Legal basis (told to the subject; required to refuse)
          <textarea rows={2} value={basis} onInput={(e) => setBasis(e.currentTarget.value)} />
        </label>
        <ErrorMessage error={decide.error} />
        <button type="submit" disabled={decide.busy}>
          Record decision
        </button>
      </form>
      <h2>Extend</h2>
      <p class="muted">{EXTENSION_RULES[jurisdiction] ?? ''}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void extend.run();
        }}
      >
        <label>
          Reason (told to the subject, at least 10 characters)
          <textarea rows={2} minLength={10} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {extend.error && (
          <div class="error" role="alert">
            <p>{extend.error}</p>
            <p>The rule: {EXTENSION_RULES[jurisdiction] ?? 'see the applicable law'}</p>
          </div>
        )}
        <button type="submit" disabled={extend.busy}>
          Extend the deadline
        </button>
      </form>
      <h2>Notes</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void addNote.run();
        }}
      >
        <label>
          Note (internal)
          <textarea rows={2} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <ErrorMessage error={addNote.error} />
        <button type="submit" class="secondary" disabled={addNote.busy}>
          Add note
        </button>
      </form>
    </>
  );
}

function RequestDetail({ requestId }: { requestId: string }) {
  const request = useApi(() =>
    unwrap(api.GET('/v1/operator/data-subject-requests/{requestId}', { params: { path: { requestId } } })),
  );
  if (request.error) return <ErrorMessage error={request.error} />;
  if (!request.data) return <Loading what="the request" />;
  const r = request.data;
  const facts: Array<[string, string]> = [
    ['Type', typeLabel(r.type)],
    ['Status', r.status],
    ['Law', r.jurisdiction.toUpperCase()],
    ['Received', formatDateTime(r.receivedAt)],
    ['We work to', `${formatDay(r.workingDueAt)} (${daysLeftText(r.daysLeft)})`],
    ['Promised by', formatDay(r.promisedDueAt)],
    ['Legal due', formatDay(r.legalDueAt)],
    ['Extended to', r.extendedDueAt ? formatDay(r.extendedDueAt) : '—'],
    [
      'Workflow',
      r.workflow ? `${r.workflow.state}; steps done: ${r.workflow.completedSteps.join(', ') || 'none'}` : '—',
    ],
  ];
  return (
    <>
      <dl class="details">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <RevealEmail requestId={r.id} masked={r.subjectEmailMasked} />
      <p>
        <a href={r.temporal.url} target="_blank" rel="noreferrer">
          Open the workflow in the Temporal UI
        </a>{' '}
        (query <code>{r.temporal.query}</code>)
      </p>
      {r.workflow?.operatorAlerts.map((alert) => (
        <p class="warning" key={alert}>
          {alert}
        </p>
      ))}
      {!r.closedAt && <RequestActions requestId={r.id} jurisdiction={r.jurisdiction} onChange={request.reload} />}
      <h2>History</h2>
      <ul>
        {r.events.map((event) => (
          <li key={event.id}>
            {event.kind} ({event.status}): {JSON.stringify(event.body)}
          </li>
        ))}
      </ul>
    </>
  );
}

export const OperatorRequestPage = ({ requestId }: { requestId?: string }) => (
  <OperatorOnly title="Data-subject request">{requestId && <RequestDetail requestId={requestId} />}</OperatorOnly>
);
