import { useState } from 'preact/hooks';
import type { paths } from '../client/schema';
import { useAction } from '../client/use-api';
import { ErrorMessage } from './feedback';

type Opened = paths['/v1/exports/full-logs/open']['post']['responses'][200]['content']['application/json'];
type SealedEntry = NonNullable<
  paths['/v1/exports/full-logs/open']['post']['requestBody']
>['content']['application/json']['entries'][number];

/** The API opens at most this many entries per call. */
const MAX_ENTRIES = 1000;

const NOT_AN_EXPORT_FILE = 'That file is not a gateway_full_logs.json from an export.';

/** The sealed fields of each row of an archive's gateway_full_logs.json; other columns stay on this device. */
function sealedEntries(text: string): SealedEntry[] {
  const rows: unknown = JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error(NOT_AN_EXPORT_FILE);
  return (rows as unknown[]).slice(0, MAX_ENTRIES).map((row) => {
    const fields = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    return {
      request_id: String(fields.request_id),
      nonce: String(fields.nonce),
      auth_tag: String(fields.auth_tag),
      ciphertext: String(fields.ciphertext),
    };
  });
}

/**
 * Explains the sealed full logs an archive may hold and opens them: the reader
 * picks gateway_full_logs.json from the unpacked ZIP and the API opens it.
 */
export function SealedFullLogs({ open }: { open: (entries: SealedEntry[]) => Promise<Opened> }) {
  const [file, setFile] = useState<File | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useAction(async () => {
    setFileError(null);
    if (!file) return setFileError('Choose the gateway_full_logs.json file first.');
    let entries: SealedEntry[];
    try {
      entries = sealedEntries(await file.text());
    } catch {
      return setFileError(NOT_AN_EXPORT_FILE);
    }
    setOpened(await open(entries));
  });
  return (
    <section aria-labelledby="sealed-heading">
      <h2 id="sealed-heading">Sealed full logs</h2>
      <p>
        If the archive has a <code>gateway_full_logs.json</code> file, its prompts and completions are sealed
        (encrypted) and <code>manifest.json</code> says so. Unpack the ZIP and choose that file here to read them; up to{' '}
        {MAX_ENTRIES.toLocaleString()} entries open at a time, and each opening is recorded.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run.run();
        }}
      >
        <label>
          The archive’s gateway_full_logs.json
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" disabled={run.busy}>
          {run.busy ? 'Opening…' : 'Open the full logs'}
        </button>
      </form>
      <ErrorMessage error={fileError ?? run.error} />
      {opened && (
        <div role="status">
          <p class="notice">{opened.entries.length.toLocaleString()} entries opened.</p>
          <ol class="opened-logs">
            {opened.entries.map((entry) => (
              <li key={entry.requestId}>
                <p>Request {entry.requestId}</p>
                <pre>{entry.prompt.join('\n')}</pre>
                <pre>{entry.completion}</pre>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
