import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction } from '../client/use-api';
import { ErrorMessage, Notice } from '../components/feedback';
import { formatCount, formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

type ExportBody = NonNullable<paths['/v1/logs/exports']['post']['requestBody']>['content']['application/json'];
type ExportView = paths['/v1/logs/exports/{exportId}']['get']['responses'][200]['content']['application/json'];
type Me = { role: string };

const POLL_MS = 1000;

/** Local date-time inputs as the API's instants; empty means open-ended. */
const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);

function RangeFields({
  from,
  to,
  setFrom,
  setTo,
}: {
  from: string;
  to: string;
  setFrom: (v: string) => void;
  setTo: (v: string) => void;
}) {
  return (
    <>
      <label>
        From (empty: the first request)
        <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        To (empty: now)
        <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
    </>
  );
}

function ExportProgress({ view }: { view: ExportView }) {
  const { rowsWritten, rowsTotal } = view.progress;
  return (
    <div role="status" aria-live="polite">
      {view.status === 'succeeded' ? (
        <p class="notice">
          The export is ready: <a href={view.downloadUrl}>download the ZIP archive</a> (the link works until{' '}
          {formatDateTime(view.expiresAt)}).
        </p>
      ) : view.status === 'failed' ? (
        <p class="error">The export failed. Please start it again; if it fails again, contact support.</p>
      ) : (
        <>
          <p>
            Export {view.status === 'queued' ? 'queued' : 'running'}: {formatCount(rowsWritten)}
            {rowsTotal !== null && ` of ${formatCount(rowsTotal)}`} rows written.
          </p>
          <progress
            max={rowsTotal ?? undefined}
            value={rowsTotal ? rowsWritten : undefined}
            aria-label="Export progress"
          />
        </>
      )}
    </div>
  );
}

function ExportLogs() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [formats, setFormats] = useState<ExportBody['formats']>(['json', 'csv']);
  const [fullLogs, setFullLogs] = useState(false);
  const [view, setView] = useState<ExportView | null>(null);
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const poll = (exportId: string) => {
    void unwrap(api.GET('/v1/logs/exports/{exportId}', { params: { path: { exportId } } })).then(
      (next) => {
        setView(next);
        if (next.status === 'queued' || next.status === 'running')
          timer.current = window.setTimeout(() => poll(exportId), POLL_MS);
      },
      () => {
        timer.current = window.setTimeout(() => poll(exportId), POLL_MS * 3);
      },
    );
  };
  const start = useAction(async () => {
    const body: ExportBody = {
      formats,
      include: fullLogs ? ['metadata', 'full'] : ['metadata'],
      ...(instant(from) ? { from: instant(from) } : {}),
      ...(instant(to) ? { to: instant(to) } : {}),
    };
    const started = await unwrap(api.POST('/v1/logs/exports', { body }));
    setView({ exportId: started.exportId, status: started.status, progress: { rowsWritten: 0, rowsTotal: null } });
    poll(started.exportId);
  });
  const toggleFormat = (format: 'json' | 'csv', on: boolean) => {
    const next = on ? [...(formats ?? []), format] : (formats ?? []).filter((f) => f !== format);
    setFormats(next);
  };
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start.run();
        }}
      >
        <RangeFields from={from} to={to} setFrom={setFrom} setTo={setTo} />
        <fieldset>
          <legend>Formats</legend>
          <label class="check">
            <input
              type="checkbox"
              checked={formats?.includes('json')}
              onChange={(e) => toggleFormat('json', e.currentTarget.checked)}
            />
            JSON
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={formats?.includes('csv')}
              onChange={(e) => toggleFormat('csv', e.currentTarget.checked)}
            />
            CSV
          </label>
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={fullLogs} onChange={(e) => setFullLogs(e.currentTarget.checked)} />
          Include full logs (prompts and completions), where stored
        </label>
        <button type="submit" disabled={start.busy || view?.status === 'queued' || view?.status === 'running'}>
          Start export
        </button>
      </form>
      <ErrorMessage error={start.error} />
      {view && <ExportProgress view={view} />}
    </section>
  );
}

function DeleteLogs() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const remove = useAction(async () => {
    const deleted = await unwrap(
      api.DELETE('/v1/logs', {
        params: {
          query: { ...(instant(from) ? { from: instant(from) } : {}), ...(instant(to) ? { to: instant(to) } : {}) },
        },
      }),
    );
    dialog.current?.close();
    setResult(
      `Deleted ${formatCount(deleted.deletedRequests)} requests and ${formatCount(deleted.deletedFullLogs)} full logs. The deletion is recorded in the audit trail.`,
    );
  });
  const what = from || to ? 'the logs in this range' : 'all of the account’s logs';
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete</h2>
      <p>Deleting is immediate and cannot be undone. The audit trail keeps a record that it happened.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setResult(null);
          dialog.current?.showModal();
        }}
      >
        <RangeFields from={from} to={to} setFrom={setFrom} setTo={setTo} />
        <button type="submit" class="danger">
          Delete logs…
        </button>
      </form>
      <dialog ref={dialog} aria-labelledby="confirm-delete-heading">
        <h3 id="confirm-delete-heading">Delete {what}?</h3>
        <p>Metadata and full logs are deleted at once and cannot be recovered.</p>
        <ErrorMessage error={remove.error} />
        <div class="actions">
          <button type="button" class="danger" disabled={remove.busy} onClick={() => void remove.run()}>
            {remove.busy ? 'Deleting…' : 'Yes, delete'}
          </button>
          <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
      {result && <Notice>{result}</Notice>}
    </section>
  );
}

export const LogExportPage = () => (
  <SignedIn title="Export and delete logs" roles={['owner', 'admin']}>
    {(me: Me) => (
      <>
        <ExportLogs />
        {me.role === 'owner' ? <DeleteLogs /> : <p>Only the account’s owner can delete logs.</p>}
      </>
    )}
  </SignedIn>
);
