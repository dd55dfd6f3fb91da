import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import { useAction } from '../client/use-api';
import { ErrorMessage } from '../components/feedback';
import { SignedIn } from '../components/signed-in';
import type { Me } from '../session';

type PaidPlan = 'starter' | 'growth' | 'enterprise';

const PLANS: Array<{ plan: Me['account']['plan']; name: string; features: string }> = [
  { plan: 'free', name: 'Free', features: 'Metadata logs kept 7 days; no full logging; 60 requests a minute.' },
  { plan: 'starter', name: 'Starter', features: 'Logs kept 30 days; full logging available.' },
  { plan: 'growth', name: 'Growth', features: 'Logs kept 90 days; full logging; higher rate limits.' },
  { plan: 'enterprise', name: 'Enterprise', features: 'Retention of your choice (1–730 days); your own rate limits.' },
];

function Billing({ me }: { me: Me }) {
  const upgrade = useAction(async (plan: PaidPlan) => {
    const here = `${window.location.origin}/billing`;
    const session = await unwrap(
      api.POST('/v1/billing/checkout', { body: { plan, successUrl: `${here}?upgraded=1`, cancelUrl: here } }),
    );
    // Payment happens on Stripe's own page; Stripe sends the customer back here, and its webhook changes the plan.
    if (session.url) window.location.assign(session.url);
  });
  return (
    <>
      <p>
        The account is on the <strong>{me.account.plan}</strong> plan.
      </p>
      <ErrorMessage error={upgrade.error} />
      <ul class="plans">
        {PLANS.map((p) => (
          <li key={p.plan}>
            <h2>{p.name}</h2>
            <p>{p.features}</p>
            {p.plan === me.account.plan ? (
              <p>
                <strong>Your plan</strong>
              </p>
            ) : p.plan !== 'free' ? (
              <button type="button" disabled={upgrade.busy} onClick={() => void upgrade.run(p.plan as PaidPlan)}>
                Switch to {p.name}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export const BillingPage = () => (
  <SignedIn title="Billing" roles={['owner']}>
    {(me) => <Billing me={me} />}
  </SignedIn>
);
