import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, TableScroll } from '../components/feedback';
import { formatCount, formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

type Query = NonNullable<paths['/v1/logs/requests']['get']['parameters']['query']>;
type Entry = paths['/v1/logs/requests']['get']['responses'][200]['content']['application/json']['data'][number];
type FullLog = paths['/v1/logs/requests/{requestId}/full-log']['get']['responses'][200]['content']['application/json'];

interface Filters {
  from: string;
  to: string;
  keyId: string;
  model: string;
  verdict: '' | 'ALLOW' | 'BLOCK';
  ruleId: string;
  status: string;
}

const NO_FILTERS: Filters = { from: '', to: '', keyId: '', model: '', verdict: '', ruleId: '', status: '' };

/** The form's fields as the API's query: empty fields are left out; local date-times become instants. */
function toQuery(filters: Filters, cursor: string | null): Query {
  const query: Query = {};
  if (filters.from) query.from = new Date(filters.from).toISOString();
  if (filters.to) query.to = new Date(filters.to).toISOString();
  if (filters.keyId) query.keyId = filters.keyId;
  if (filters.model) query.model = filters.model;
  if (filters.verdict) query.verdict = filters.verdict;
  if (filters.ruleId) query.ruleId = filters.ruleId;
  if (filters.status) query.status = Number(filters.status);
  if (cursor) query.cursor = cursor;
  return query;
}

function FilterForm({ onApply }: { onApply: (filters: Filters) => void }) {
  const [filters, setFilters] = useState(NO_FILTERS);
  const keys = useApi(() => unwrap(api.GET('/v1/api-keys', { params: { query: { includeRevoked: 'true' } } })));
  const field = (name: keyof Filters) => (event: { currentTarget: { value: string } }) =>
    setFilters({ ...filters, [name]: event.currentTarget.value });
  return (
    <form
      class="inline-form"
      aria-label="Filter requests"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(filters);
      }}
    >
      <label>
        From
        <input type="datetime-local" value={filters.from} onInput={field('from')} />
      </label>
      <label>
        To
        <input type="datetime-local" value={filters.to} onInput={field('to')} />
      </label>
      <label>
        Key
        <select value={filters.keyId} onChange={field('keyId')}>
          <option value="">Any key</option>
          {keys.data?.keys.map((key) => (
            <option key={key.id} value={key.id}>
              {key.name} ({key.prefix})
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <input value={filters.model} onInput={field('model')} />
      </label>
      <label>
        Verdict
        <select value={filters.verdict} onChange={field('verdict')}>
          <option value="">Any</option>
          <option value="ALLOW">Allowed</option>
          <option value="BLOCK">Blocked</option>
        </select>
      </label>
      <label>
        Rule ID
        <input value={filters.ruleId} onInput={field('ruleId')} />
      </label>
      <label>
        Status
        <input type="number" min={100} max={599} value={filters.status} onInput={field('status')} />
      </label>
      <button type="submit">Apply filters</button>
    </form>
  );
}

const verdictText = (entry: Entry) => (entry.verdict === 'BLOCK' ? 'Blocked' : 'Allowed');

function RequestLog() {
  const [filters, setFilters] = useState(NO_FILTERS);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useApi(
    () => unwrap(api.GET('/v1/logs/requests', { params: { query: toQuery(filters, cursor) } })),
    [filters, cursor],
  );
  return (
    <>
      <FilterForm
        onApply={(next) => {
          setFilters(next);
          setCursors([null]);
        }}
      />
      <ErrorMessage error={page.error} />
      {page.loading && <Loading what="requests" />}
      {page.data && page.data.data.length === 0 && <p>No requests match.</p>}
      {page.data && page.data.data.length > 0 && (
        <TableScroll label="Requests">
          <table>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Key</th>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col">Verdict</th>
                <th scope="col">Matched rules</th>
                <th scope="col">Tokens (in/out)</th>
                <th scope="col">Latency</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {page.data.data.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <a href={`/logs/requests/${entry.id}`}>{formatDateTime(entry.createdAt)}</a>
                  </td>
                  <td>{entry.keyPrefix ?? '—'}</td>
                  <td>{entry.provider}</td>
                  <td>{entry.model}</td>
                  <td>{verdictText(entry)}</td>
                  <td>{entry.matchedRuleIds.join(', ') || '—'}</td>
                  <td>
                    {formatCount(entry.promptTokens)} / {formatCount(entry.completionTokens)}
                  </td>
                  <td>{entry.latencyMs} ms</td>
                  <td>{entry.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div class="actions">
        {cursors.length > 1 && (
          <button type="button" class="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer requests
          </button>
        )}
        {page.data?.nextCursor && (
          <button
            type="button"
            class="secondary"
            onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
          >
            Older requests
          </button>
        )}
      </div>
    </>
  );
}

export const RequestLogPage = () => (
  <SignedIn title="Request log" roles={['owner', 'admin']}>
    {() => <RequestLog />}
  </SignedIn>
);

function FullLogView({ log }: { log: FullLog }) {
  return (
    <section aria-labelledby="full-log-heading">
      <h2 id="full-log-heading">Full log</h2>
      <p>This read is recorded in the audit trail.</p>
      <h3>Prompt (as forwarded, after redaction)</h3>
      {log.prompt.map((segment, index) => (
        <pre key={index}>{segment}</pre>
      ))}
      <h3>Completion</h3>
      <pre>{log.completion}</pre>
    </section>
  );
}

function RequestDetail({ requestId }: { requestId: string }) {
  const entry = useApi(() => unwrap(api.GET('/v1/logs/requests/{requestId}', { params: { path: { requestId } } })));
  const [fullLog, setFullLog] = useState<FullLog | null>(null);
  const open = useAction(async () => {
    setFullLog(await unwrap(api.GET('/v1/logs/requests/{requestId}/full-log', { params: { path: { requestId } } })));
  });
  if (entry.error) return <ErrorMessage error={entry.error} />;
  if (!entry.data) return <Loading what="the request" />;
  const e = entry.data;
  const rows: Array<[string, string]> = [
    ['Time', formatDateTime(e.createdAt)],
    ['Request ID', e.id],
    ['Key', e.keyPrefix ?? '—'],
    ['Provider', e.provider],
    ['Model', e.model],
    ['Verdict', verdictText(e)],
    ['Matched rules', e.matchedRuleIds.join(', ') || '—'],
    ['Prompt tokens', formatCount(e.promptTokens)],
    ['Completion tokens', formatCount(e.completionTokens)],
    ['Latency', `${e.latencyMs} ms`],
    ['Status', String(e.status)],
  ];
  return (
    <>
      <p>
        <a href="/logs">Back to the request log</a>
      </p>
      <dl class="details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {e.hasFullLog ? (
        !fullLog && (
          <button type="button" disabled={open.busy} onClick={() => void open.run()}>
            {open.busy ? 'Decrypting…' : 'Show the full log (prompt and completion)'}
          </button>
        )
      ) : (
        <p>No full log is stored for this request: full logging was off when it was made.</p>
      )}
      <ErrorMessage error={open.error} />
      {fullLog && <FullLogView log={fullLog} />}
    </>
  );
}

export const RequestDetailPage = ({ requestId }: { requestId?: string }) => (
  <SignedIn title="Request" roles={['owner', 'admin']}>
    {() => (requestId ? <RequestDetail requestId={requestId} /> : null)}
  </SignedIn>
);
