import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction } from '../client/use-api';
import { ErrorMessage } from '../components/feedback';
import { PlainLayout } from '../components/layout';
import { useSession } from '../session';

/** Only our own paths: a `next` pointing elsewhere would make the sign-in page an open redirect. */
function safeNext(next: string | undefined): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function SignInPage() {
  const { query, route } = useLocation();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useAction(async () => {
    const result = await unwrap(api.POST('/v1/auth/browser/login', { body: { email, password } }));
    await refresh();
    route(result.accountId ? (safeNext(query.next) ?? '/') : '/operator');
  });
  return (
    <PlainLayout title="Sign in">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void signIn.run();
        }}
      >
        <label>
          E-mail address
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorMessage error={signIn.error} />
        <button type="submit" disabled={signIn.busy}>
          {signIn.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New to Autrace? <a href="/signup">Create an account</a>. A data subject with a privacy request:{' '}
        <a href="/privacy">privacy center</a>.
      </p>
    </PlainLayout>
  );
}

const REGIONS = [
  { value: 'eu', label: 'European Union' },
  { value: 'us', label: 'United States' },
  { value: 'apac', label: 'Asia-Pacific' },
] as const;

export function SignUpPage() {
  const { route } = useLocation();
  const { refresh } = useSession();
  const [form, setForm] = useState({
    accountName: '',
    name: '',
    email: '',
    password: '',
    region: 'eu' as 'eu' | 'us' | 'apac',
  });
  const [ageConfirmed, setAgeConfirmed] = useState(false);
  const field = (name: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  const signUp = useAction(async () => {
    // The box is required in the form; the API refuses a sign-up without it all the same.
    await unwrap(api.POST('/v1/auth/browser/signup', { body: { ...form, ageConfirmed: ageConfirmed as true } }));
    await refresh();
    route('/');
  });
  return (
    <PlainLayout title="Create an account">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void signUp.run();
        }}
      >
        <label>
          Organisation
          <input name="accountName" required value={form.accountName} onInput={field('accountName')} />
        </label>
        <label>
          Your name
          <input name="name" autoComplete="name" required value={form.name} onInput={field('name')} />
        </label>
        <label>
          E-mail address
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={form.email}
            onInput={field('email')}
          />
        </label>
        <label>
          Password (at least 12 characters)
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={form.password}
            onInput={field('password')}
          />
        </label>
        <label>
          Home region (where your logs are stored)
          <select name="region" value={form.region} onChange={field('region')}>
            {REGIONS.map((region) => (
              <option key={region.value} value={region.value}>
                {region.label}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="ageConfirmed"
            required
            checked={ageConfirmed}
            onChange={(event) => setAgeConfirmed(event.currentTarget.checked)}
          />
          I am 16 or older. Autrace is not for children under 16 (<a href="/privacy">privacy center</a>).
        </label>
        <ErrorMessage error={signUp.error} />
        <button type="submit" disabled={signUp.busy}>
          {signUp.busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <a href="/signin">Sign in</a>.
      </p>
    </PlainLayout>
  );
}
