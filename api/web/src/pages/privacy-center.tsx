import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction } from '../client/use-api';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatDay } from '../components/format';
import { PlainLayout } from '../components/layout';
import { ChildReportForm } from './child-reports';

type Submission = paths['/v1/public/data-subject-requests']['post']['requestBody']['content']['application/json'];
type Verified =
  paths['/v1/public/data-subject-requests/verify']['get']['responses'][200]['content']['application/json'];

export const REQUEST_TYPES: Array<{ value: Submission['type']; label: string; help: string }> = [
  { value: 'access', label: 'Access', help: 'a copy of the personal data we hold about you' },
  { value: 'export', label: 'Export (portability)', help: 'your data in a machine-readable file' },
  { value: 'rectification', label: 'Rectification', help: 'correct data that is wrong' },
  { value: 'erasure', label: 'Erasure', help: 'delete your personal data' },
  { value: 'restriction', label: 'Restriction', help: 'stop processing your data while a question is settled' },
  { value: 'objection', label: 'Objection', help: 'object to processing based on legitimate interests' },
];

export const JURISDICTIONS: Array<{ value: Submission['jurisdiction']; label: string }> = [
  { value: 'gdpr', label: 'European Union / UK (GDPR)' },
  { value: 'ccpa', label: 'California (CCPA / CPRA)' },
];

export const typeLabel = (type: string) => REQUEST_TYPES.find((t) => t.value === type)?.label ?? type;

export function PrivacyCenterPage() {
  const [type, setType] = useState<Submission['type']>('access');
  const [jurisdiction, setJurisdiction] = useState<Submission['jurisdiction']>('gdpr');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<{ email: string; expiresAt: string } | null>(null);
  const submit = useAction(async () => {
    const result = await unwrap(api.POST('/v1/public/data-subject-requests', { body: { type, jurisdiction, email } }));
    setSentTo({ email, expiresAt: result.verificationExpiresAt });
  });
  return (
    <PlainLayout title="Privacy center">
      <p>
        Ask Autrace about the personal data it holds about you. No account is needed: we e-mail you a link to confirm
        the request is yours, and start work only once you follow it.
      </p>
      {sentTo ? (
        <div class="notice" role="status">
          <p>
            Check your mailbox: we sent a confirmation link to <strong>{sentTo.email}</strong>. It works until{' '}
            {new Date(sentTo.expiresAt).toLocaleString()}.
          </p>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit.run();
          }}
        >
          <fieldset>
            <legend>What would you like us to do?</legend>
            {REQUEST_TYPES.map((option) => (
              <label class="check" key={option.value}>
                <input
                  type="radio"
                  name="type"
                  value={option.value}
                  checked={type === option.value}
                  onChange={() => setType(option.value)}
                />
                <span>
                  {option.label}: {option.help}
                </span>
              </label>
            ))}
          </fieldset>
          <label>
            Where do you live? (the law that applies)
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
          <label>
            Your e-mail address
            <input
              type="email"
              autoComplete="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <ErrorMessage error={submit.error} />
          <button type="submit" disabled={submit.busy}>
            Send the request
          </button>
        </form>
      )}
      <ChildReportForm />
    </PlainLayout>
  );
}

/** Where the e-mailed link lands: confirms the request and says by when we answer. */
export function PrivacyVerifyPage() {
  const { query } = useLocation();
  const [verified, setVerified] = useState<Verified | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const token = query.token ?? '';
    unwrap(api.GET('/v1/public/data-subject-requests/verify', { params: { query: { token } } })).then(
      setVerified,
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [query.token]);
  return (
    <PlainLayout title="Confirm your privacy request">
      {error && (
        <>
          <ErrorMessage error={error} />
          <p>
            You can <a href="/privacy">send a new request</a> from the privacy center.
          </p>
        </>
      )}
      {!error && !verified && <Loading what="your confirmation" />}
      {verified && (
        <div role="status">
          <p class="notice">Thank you: your {typeLabel(verified.type).toLowerCase()} request is confirmed.</p>
          <dl class="details">
            <div>
              <dt>Reference</dt>
              <dd>{verified.requestId}</dd>
            </div>
            <div>
              <dt>We promise to answer by</dt>
              <dd>{formatDay(verified.promisedDueAt)}</dd>
            </div>
            <div>
              <dt>The law ({verified.jurisdiction.toUpperCase()}) requires an answer by</dt>
              <dd>{formatDay(verified.legalDueAt)}</dd>
            </div>
          </dl>
          <p>We answer by e-mail. Keep the reference if you write to us about it.</p>
        </div>
      )}
    </PlainLayout>
  );
}
