import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, TableScroll } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

type Filters = NonNullable<paths['/v1/audit/export']['get']['parameters']['query']>;
type Verification = paths['/v1/audit/verify']['get']['responses'][200]['content']['application/json'];

const withoutEmpty = (filters: { action: string; from: string; to: string }): Filters => ({
  ...(filters.action ? { action: filters.action } : {}),
  ...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
  ...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
});

/** The export as a file the browser saves: fetched with the session, handed over as a Blob. */
async function downloadExport(filters: Filters): Promise<void> {
  const result = await api.GET('/v1/audit/export', { params: { query: filters }, parseAs: 'blob' });
  if (!result.response.ok || !result.data)
    throw new Error(`The export failed with HTTP status ${result.response.status}.`);
  const url = URL.createObjectURL(result.data);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'autrace-audit.ndjson';
  link.click();
  URL.revokeObjectURL(url);
}

function AuditTrail() {
  const [form, setForm] = useState({ action: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useApi(
    () => unwrap(api.GET('/v1/audit', { params: { query: { ...filters, ...(cursor ? { cursor } : {}) } } })),
    [filters, cursor],
  );
  const [verification, setVerification] = useState<Verification | null>(null);
  const verify = useAction(async () => setVerification(await unwrap(api.GET('/v1/audit/verify'))));
  const exportFile = useAction(() => downloadExport(filters));
  const field = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  return (
    <>
      <p>
        Every administrative change is recorded here, chained by hashes so that no entry can be altered or removed
        unnoticed.
      </p>
      <div class="actions">
        <button type="button" class="secondary" disabled={verify.busy} onClick={() => void verify.run()}>
          {verify.busy ? 'Verifying…' : 'Verify the chain'}
        </button>
        <button type="button" class="secondary" disabled={exportFile.busy} onClick={() => void exportFile.run()}>
          Export (signed NDJSON)
        </button>
      </div>
      <ErrorMessage error={verify.error ?? exportFile.error} />
      {verification && (
        <p role="status" class={verification.valid ? 'notice' : 'error'}>
          {verification.valid
            ? `The chain is intact: ${verification.checked} entries checked.`
            : `The chain is broken at entry ${verification.brokenId ?? '?'}: ${verification.reason ?? ''}`}
        </p>
      )}
      <form
        class="inline-form"
        aria-label="Filter the audit trail"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(withoutEmpty(form));
          setCursors([undefined]);
        }}
      >
        <label>
          Action
          <input value={form.action} onInput={field('action')} placeholder="e.g. api_key.create" />
        </label>
        <label>
          From
          <input type="datetime-local" value={form.from} onInput={field('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" value={form.to} onInput={field('to')} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <ErrorMessage error={page.error} />
      {page.loading && <Loading what="entries" />}
      {page.data && (
        <TableScroll label="Audit entries">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>{entry.action}</td>
                  <td>{entry.actorType}</td>
                  <td>{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'}</td>
                  <td>
                    <code>{JSON.stringify(entry.summary)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div class="actions">
        {cursors.length > 1 && (
          <button type="button" class="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer entries
          </button>
        )}
        {page.data?.nextCursor && (
          <button
            type="button"
            class="secondary"
            onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
          >
            Older entries
          </button>
        )}
      </div>
    </>
  );
}

export const AuditTrailPage = () => (
  <SignedIn title="Audit trail" roles={['owner', 'admin']}>
    {() => <AuditTrail />}
  </SignedIn>
);
