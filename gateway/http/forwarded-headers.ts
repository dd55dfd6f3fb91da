/**
 * What of the caller's headers may reach a provider. The request goes out on
 * the platform's (or the account's) provider key, so a header that switches on
 * provider features is the operator's choice: an `anthropic-beta` value can
 * enable server-side tools whose content the gateway never sees. Only values
 * on the allow-list (GATEWAY_ANTHROPIC_BETA_ALLOWED) pass; the rest are dropped.
 */
export function allowedAnthropicBeta(
  header: string | string[] | undefined,
  allowed: ReadonlySet<string>,
): string | undefined {
  if (header === undefined) return undefined;
  const values = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => allowed.has(v));
  return values.length > 0 ? values.join(',') : undefined;
}

const ANTHROPIC_VERSION = /^\d{4}-\d{2}-\d{2}$/;

/** `anthropic-version` is a date; anything else is dropped (the provider's default applies). */
export function allowedAnthropicVersion(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && ANTHROPIC_VERSION.test(header) ? header : undefined;
}
