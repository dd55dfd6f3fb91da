import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { DownloadLinkButton } from '../components/export-download';
import { PlainLayout } from '../components/layout';
import { SealedFullLogs } from '../components/sealed-full-logs';
import { SignedIn } from '../components/signed-in';

/** Where an export's e-mail sends a signed-in reader: a fresh link on demand, never one kept in the mail. */
export function ExportDownloadPage() {
  const { params } = useRoute();
  const exportId = params.exportId ?? '';
  return (
    <SignedIn title="Download an export">
      {(me) => (
        <>
          <p>
            This is the export with reference <strong>{exportId}</strong>: a ZIP archive of the data it covers, in JSON
            and CSV, with a <code>manifest.json</code> that lists what is inside. Links to it are short-lived and each
            one is recorded in the audit trail, so get one when you are ready to download.
          </p>
          <DownloadLinkButton
            issue={() => unwrap(api.POST('/v1/exports/{exportId}/download-link', { params: { path: { exportId } } }))}
          />
          {me.role === 'owner' || me.role === 'admin' ? (
            <SealedFullLogs open={(entries) => unwrap(api.POST('/v1/exports/full-logs/open', { body: { entries } }))} />
          ) : (
            <p>
              If the archive holds sealed full logs (<code>gateway_full_logs.json</code>), an owner or admin of the
              account can open them here.
            </p>
          )}
        </>
      )}
    </SignedIn>
  );
}

const SUBJECT_NOT_FOUND =
  'This link is not valid, or its export was deleted. Open the link from your e-mail exactly as it is, ' +
  'or ask again in the privacy center.';

/** The token rides in the fragment (#token=…), which browsers never send to a server. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/** Where a public data subject's answer e-mail points: their archive, with no account needed. */
export function PrivacyExportPage() {
  const [token, setToken] = useState(tokenFromFragment);
  useEffect(() => {
    const read = () => setToken(tokenFromFragment());
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  return (
    <PlainLayout title="Your data export">
      <p>
        This page gives you a copy of the personal data Autrace holds about you, as a ZIP archive in JSON and CSV with a{' '}
        <code>manifest.json</code> that lists what is inside. Each download link works for a short time only; you can
        come back to this page for a new one until the archive expires.
      </p>
      {token ? (
        <>
          <DownloadLinkButton
            issue={() => unwrap(api.POST('/v1/public/exports/download-link', { body: { token } }))}
            notFound={SUBJECT_NOT_FOUND}
          />
          <SealedFullLogs
            open={(entries) => unwrap(api.POST('/v1/public/exports/full-logs/open', { body: { token, entries } }))}
          />
        </>
      ) : (
        <p class="error" role="alert">
          This address is missing its token. Open the link from your e-mail exactly as it is, or ask again in the{' '}
          <a href="/privacy">privacy center</a>.
        </p>
      )}
    </PlainLayout>
  );
}
