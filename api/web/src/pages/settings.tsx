import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice } from '../components/feedback';
import { formatCount } from '../components/format';
import { SignedIn } from '../components/signed-in';

/** What each plan includes (the API's plans; shown so an owner knows what an upgrade changes). */
const PLAN_SUMMARY =
  'Free: 7 days, no full logging · Starter: 30 days · Growth: 90 days · Enterprise: 1–730 days, chosen per account';
const REGION_NAMES = { eu: 'European Union', us: 'United States', apac: 'Asia-Pacific' } as const;

function Settings({ canChange }: { canChange: boolean }) {
  const settings = useApi(() => unwrap(api.GET('/v1/settings')));
  const [saved, setSaved] = useState<string | null>(null);
  // The box shows the choice at once; it falls back to the stored value if the change is refused.
  const [desired, setDesired] = useState<boolean | null>(null);
  const setFullLogging = useAction(async (on: boolean) => {
    setDesired(on);
    setSaved(null);
    await unwrap(api.PATCH('/v1/settings', { body: { fullLogging: on } })).catch((error: unknown) => {
      setDesired(null);
      throw error;
    });
    setSaved(
      on
        ? 'Full logging is on: new requests store their prompt and completion, encrypted.'
        : 'Full logging is off: new requests keep metadata only.',
    );
    settings.reload();
  });
  const [lockDesired, setLockDesired] = useState<boolean | null>(null);
  const setRegionLock = useAction(async (on: boolean) => {
    setLockDesired(on);
    await unwrap(api.PATCH('/v1/settings', { body: { regionLocked: on } })).finally(() => setLockDesired(null));
    settings.reload();
  });
  if (settings.error) return <ErrorMessage error={settings.error} />;
  if (!settings.data) return <Loading what="settings" />;
  const s = settings.data;
  return (
    <>
      <section aria-labelledby="full-logging-heading">
        <h2 id="full-logging-heading">Full logging</h2>
        <p>
          With full logging on, Autrace stores each request's prompt (after redaction) and completion, encrypted with
          the account's own key, for the retention period below. Reading one is recorded in the audit trail. You can
          turn it off at any time; logs already stored stay until they expire or you delete them.
        </p>
        {s.fullLoggingAvailable ? (
          <label class="check">
            <input
              type="checkbox"
              checked={desired ?? s.fullLogging}
              disabled={!canChange || setFullLogging.busy}
              onChange={(e) => void setFullLogging.run(e.currentTarget.checked)}
            />
            Store full logs (prompts and completions)
          </label>
        ) : (
          <p class="warning">
            The {s.plan} plan keeps metadata only. Full logging comes with the Starter, Growth and Enterprise plans:{' '}
            <a href="/billing">upgrade</a>.
          </p>
        )}
        <ErrorMessage error={setFullLogging.error} />
        {saved && <Notice>{saved}</Notice>}
      </section>
      <section aria-labelledby="retention-heading">
        <h2 id="retention-heading">Retention</h2>
        <p>
          Logs are kept for <strong>{s.retentionDays} days</strong> on the {s.plan} plan, then deleted by the nightly
          sweep. {s.retentionConfigurable ? 'Enterprise accounts choose their own period.' : ''}
        </p>
        <p class="muted">{PLAN_SUMMARY}</p>
      </section>
      <section aria-labelledby="region-heading">
        <h2 id="region-heading">Home region</h2>
        <p>
          {REGION_NAMES[s.region]} ({s.region}): the account's logs, archives and workflows stay there.
          {s.regionLocked
            ? ` Locked: requests go only to provider connections tagged ${s.region.toUpperCase()} (${s.region.toUpperCase()}-only).`
            : ''}
        </p>
        <p class="muted">
          Regions on the {s.plan} plan: {s.regionsAvailable.map((r) => REGION_NAMES[r]).join(', ')}. APAC and the region
          lock are Enterprise options.
        </p>
        {s.regionLockAvailable && (
          <label class="check">
            <input
              type="checkbox"
              checked={lockDesired ?? s.regionLocked}
              disabled={!canChange || setRegionLock.busy}
              onChange={(e) => void setRegionLock.run(e.currentTarget.checked)}
            />
            Lock the account to its home region ({s.region.toUpperCase()}-only; the owner decides)
          </label>
        )}
        <ErrorMessage error={setRegionLock.error} />
      </section>
      <section aria-labelledby="limits-heading">
        <h2 id="limits-heading">Rate limits</h2>
        <p>
          Account: {formatCount(s.rateLimits.account.requestsPerMinute)} requests and{' '}
          {formatCount(s.rateLimits.account.tokensPerMinute)} tokens a minute, {s.rateLimits.account.concurrentRequests}{' '}
          at once. Each key: {formatCount(s.rateLimits.perKey.requestsPerMinute)} requests a minute.
        </p>
      </section>
    </>
  );
}

type Preferences = { productUpdates: boolean; securityNotices: boolean };

/** Each user's own choice of announcements; every message also carries a one-click unsubscribe from its kind. */
function EmailPreferences() {
  const preferences = useApi(() => unwrap(api.GET('/v1/me/announcement-preferences')));
  const [desired, setDesired] = useState<Preferences | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async (next: Preferences) => {
    setDesired(next);
    setSaved(null);
    await unwrap(api.PUT('/v1/me/announcement-preferences', { body: next })).catch((error: unknown) => {
      setDesired(null);
      throw error;
    });
    setSaved('Saved.');
    preferences.reload();
  });
  if (preferences.error) return <ErrorMessage error={preferences.error} />;
  if (!preferences.data) return <Loading what="your e-mail preferences" />;
  const current = desired ?? preferences.data;
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">E-mail from Autrace</h2>
      <p>
        Your own choice, for your address only. Messages about your requests, your account and changes to our privacy
        policy are always sent.
      </p>
      <fieldset disabled={save.busy}>
        <legend>Announcements</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={current.productUpdates}
            onChange={(e) => void save.run({ ...current, productUpdates: e.currentTarget.checked })}
          />
          Product updates
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={current.securityNotices}
            onChange={(e) => void save.run({ ...current, securityNotices: e.currentTarget.checked })}
          />
          Security notices
        </label>
      </fieldset>
      <ErrorMessage error={save.error} />
      {saved && <Notice>{saved}</Notice>}
    </section>
  );
}

export const SettingsPage = () => (
  <SignedIn title="Settings">
    {(me) => (
      <>
        <Settings canChange={me.role !== 'member'} />
        <EmailPreferences />
      </>
    )}
  </SignedIn>
);
