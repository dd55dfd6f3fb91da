import { useRef, useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';
import { useSession } from '../session';

const DAY_MS = 86_400_000;

function AccountDeletion() {
  const { refresh } = useSession();
  const status = useApi(async () => {
    const result = await api.GET('/v1/account/deletion');
    // No deletion was ever requested: a 404, which here simply means "nothing pending".
    if (result.response.status === 404) return null;
    return unwrap(Promise.resolve(result));
  });
  const dialog = useRef<HTMLDialogElement>(null);
  const request = useAction(async () => {
    await unwrap(api.POST('/v1/account/deletion'));
    dialog.current?.close();
    status.reload();
    // The deletion workflow disables the account a moment after the request is accepted: wait for it, so the
    // read-only banner shows the state the account is really in.
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const session = await refresh();
      if (session.kind !== 'user' || session.me.account.status === 'disabled') break;
      await new Promise((resolve) => window.setTimeout(resolve, 250));
    }
  });
  const [cancelled, setCancelled] = useState(false);
  const cancel = useAction(async () => {
    await unwrap(api.DELETE('/v1/account/deletion'));
    // The deletion workflow takes the cancellation in a moment: wait for it before showing the account active.
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const now = await api.GET('/v1/account/deletion');
      if (now.data?.deletion.state !== 'grace-period') break;
      await new Promise((resolve) => window.setTimeout(resolve, 250));
    }
    setCancelled(true);
    status.reload();
    await refresh();
  });
  if (status.error) return <ErrorMessage error={status.error} />;
  if (status.loading && !status.data) return <Loading what="the deletion status" />;
  const deletion = status.data?.deletion;
  const pending = deletion?.state === 'grace-period';
  const daysLeft = deletion ? Math.max(0, Math.ceil((Date.parse(deletion.purgeAt) - Date.now()) / DAY_MS)) : 0;
  return (
    <>
      {pending && deletion ? (
        <div class="warning" role="status">
          <p>
            Deletion requested {formatDateTime(deletion.requestedAt)}. The account is disabled; everything is purged on{' '}
            <strong>{formatDateTime(deletion.purgeAt)}</strong> — <strong>{daysLeft} days left</strong> to change your
            mind.
          </p>
          <button type="button" disabled={cancel.busy} onClick={() => void cancel.run()}>
            {cancel.busy ? 'Cancelling…' : 'Cancel the deletion'}
          </button>
        </div>
      ) : (
        <>
          {(cancelled || deletion?.state === 'cancelled') && (
            <Notice>The deletion is cancelled: the account and its API keys work again.</Notice>
          )}
          <p>
            Deleting the account disables it at once (API keys stop working) and purges its data after a 90-day grace
            period, during which you can cancel. The audit trail is kept as the law requires.
          </p>
          <button type="button" class="danger" onClick={() => dialog.current?.showModal()}>
            Request account deletion…
          </button>
        </>
      )}
      <dialog ref={dialog} aria-labelledby="confirm-account-deletion">
        <h2 id="confirm-account-deletion">Delete this account?</h2>
        <p>All API keys stop working now. The data is purged in 90 days unless you cancel before then.</p>
        <ErrorMessage error={request.error} />
        <div class="actions">
          <button type="button" class="danger" disabled={request.busy} onClick={() => void request.run()}>
            Yes, delete the account
          </button>
          <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
            Keep the account
          </button>
        </div>
      </dialog>
      <ErrorMessage error={cancel.error} />
    </>
  );
}

export const AccountDeletionPage = () => (
  <SignedIn title="Account deletion" roles={['owner']}>
    {() => <AccountDeletion />}
  </SignedIn>
);
