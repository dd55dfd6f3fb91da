import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDay } from '../components/format';
import { SignedIn } from '../components/signed-in';
import { JURISDICTIONS, REQUEST_TYPES, typeLabel } from './privacy-center';

type Submission = paths['/v1/data-subject-requests']['post']['requestBody']['content']['application/json'];

function MyRequests() {
  const list = useApi(() => unwrap(api.GET('/v1/data-subject-requests')));
  const [type, setType] = useState<Submission['type']>('access');
  const [jurisdiction, setJurisdiction] = useState<Submission['jurisdiction']>('gdpr');
  const [notice, setNotice] = useState<string | null>(null);
  const submit = useAction(async () => {
    const created = await unwrap(api.POST('/v1/data-subject-requests', { body: { type, jurisdiction } }));
    setNotice(`Received. We answer by ${formatDay(created.promisedDueAt)} at the latest.`);
    list.reload();
  });
  return (
    <>
      <p>Ask about the personal data Autrace holds about you. Being signed in proves who you are.</p>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit.run();
        }}
      >
        <label>
          Request
          <select value={type} onChange={(e) => setType(e.currentTarget.value as Submission['type'])}>
            {REQUEST_TYPES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}: {option.help}
              </option>
            ))}
          </select>
        </label>
        <label>
          Law
          <select
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.currentTarget.value as Submission['jurisdiction'])}
          >
            {JURISDICTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={submit.busy}>
          Send the request
        </button>
      </form>
      <ErrorMessage error={submit.error ?? list.error} />
      {notice && <Notice>{notice}</Notice>}
      {list.loading && !list.data && <Loading what="your requests" />}
      {list.data && list.data.requests.length === 0 && <p>You have made no requests.</p>}
      {list.data && list.data.requests.length > 0 && (
        <TableScroll label="Your requests">
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Promised by</th>
                <th scope="col">Legal due date</th>
              </tr>
            </thead>
            <tbody>
              {list.data.requests.map((r) => (
                <tr key={r.id}>
                  <td>{formatDay(r.receivedAt)}</td>
                  <td>{typeLabel(r.type)}</td>
                  <td>{r.closedAt ? `Closed ${formatDay(r.closedAt)}` : r.status}</td>
                  <td>{formatDay(r.promisedDueAt)}</td>
                  <td>{formatDay(r.extendedDueAt ?? r.legalDueAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const MyRequestsPage = () => <SignedIn title="Your data requests">{() => <MyRequests />}</SignedIn>;
