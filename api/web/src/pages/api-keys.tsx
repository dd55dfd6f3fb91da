import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatCount, formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

/** The new key's secret, shown this once: only its hash is stored. */
function NewKeySecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="secret" role="status">
      <p>
        <strong>Copy the key “{name}” now.</strong> It is shown only this once; Autrace keeps only its hash.
      </p>
      <code id="new-key-secret">{secret}</code>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard.writeText(secret).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy key'}
      </button>
    </div>
  );
}

function ApiKeys() {
  const keys = useApi(() => unwrap(api.GET('/v1/api-keys')));
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const create = useAction(async () => {
    setSecret(null);
    const created = await unwrap(api.POST('/v1/api-keys', { body: { name } }));
    setSecret({ name: created.key.name, value: created.apiKey });
    setName('');
    keys.reload();
  });
  const [revoked, setRevoked] = useState<string | null>(null);
  const revoke = useAction(async (keyId: string, keyName: string) => {
    await unwrap(api.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } }));
    setSecret(null);
    setRevoked(keyName);
    keys.reload();
  });
  return (
    <>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void create.run();
        }}
      >
        <label>
          Key name
          <input name="name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={create.busy}>
          Create key
        </button>
      </form>
      <ErrorMessage error={create.error} />
      {secret && <NewKeySecret name={secret.name} secret={secret.value} />}
      <h2>Keys</h2>
      {revoked && <Notice>The key “{revoked}” is revoked: the gateway refuses it from now on.</Notice>}
      <ErrorMessage error={keys.error ?? revoke.error} />
      {keys.loading && !keys.data && <Loading what="keys" />}
      {keys.data?.keys.some((key) => key.stale) && (
        <Notice>
          Some keys have not been used for {keys.data.staleAfterDays} days or more. A key nobody uses is safer revoked.
        </Notice>
      )}
      {keys.data && (
        <TableScroll label="API keys">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Requests, 30 days</th>
                <th scope="col">Requests, all time</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>
                    {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}
                    {key.stale && (
                      <>
                        {' '}
                        <strong class="stale-key">Unused for {keys.data?.staleAfterDays}+ days</strong>
                      </>
                    )}
                  </td>
                  <td>{formatCount(key.requestsLast30Days)}</td>
                  <td>{formatCount(key.requestsTotal)}</td>
                  <td>
                    {key.revokedAt ? (
                      `Revoked ${formatDateTime(key.revokedAt)}`
                    ) : (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void revoke.run(key.id, key.name)}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const ApiKeysPage = () => (
  <SignedIn title="API keys" roles={['owner', 'admin']}>
    {() => <ApiKeys />}
  </SignedIn>
);
