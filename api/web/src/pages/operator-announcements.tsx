import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Notice, TableScroll } from '../components/feedback';
import { formatCount, formatDateTime } from '../components/format';
import { OperatorOnly } from './operator-console';

type Kind = 'product_update' | 'security_notice';
const KIND_LABELS: Record<Kind, string> = { product_update: 'Product update', security_notice: 'Security notice' };

function Announcements() {
  const list = useApi(() => unwrap(api.GET('/v1/operator/announcements', { params: { query: {} } })));
  const [kind, setKind] = useState<Kind>('product_update');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const publish = useAction(async () => {
    await unwrap(api.POST('/v1/operator/announcements', { body: { kind, subject, body } }));
    setSubject('');
    setBody('');
    setDone('Published: the e-mails are going out.');
    list.reload();
  });
  return (
    <>
      <h2>Publish</h2>
      <p class="muted">
        Every user who has not opted out of the kind, and has no restriction or objection in force, is e-mailed once.
        Each message carries a one-click unsubscribe from its kind.
      </p>
      {done && <Notice>{done}</Notice>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setDone(null);
          void publish.run();
        }}
      >
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="product_update">{KIND_LABELS.product_update}</option>
            <option value="security_notice">{KIND_LABELS.security_notice}</option>
          </select>
        </label>
        <label>
          Subject
          <input required maxLength={200} value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
        </label>
        <label>
          Message (plain text)
          <textarea rows={8} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </label>
        <ErrorMessage error={publish.error} />
        <button type="submit" disabled={publish.busy}>
          Publish to every recipient
        </button>
      </form>
      <h2>Published</h2>
      <ErrorMessage error={list.error} />
      {list.data && list.data.announcements.length === 0 && <p>No announcements yet.</p>}
      {list.data && list.data.announcements.length > 0 && (
        <TableScroll label="Announcements, newest first">
          <table>
            <thead>
              <tr>
                <th scope="col">Published</th>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Recipients</th>
              </tr>
            </thead>
            <tbody>
              {list.data.announcements.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.createdAt)}</td>
                  <td>{KIND_LABELS[a.kind]}</td>
                  <td>{a.subject}</td>
                  <td>{a.status === 'sent' ? 'Sent' : 'Sending'}</td>
                  <td>{a.recipients === null ? '—' : formatCount(a.recipients)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const OperatorAnnouncementsPage = () => (
  <OperatorOnly title="Operator console: announcements">
    <Announcements />
  </OperatorOnly>
);
