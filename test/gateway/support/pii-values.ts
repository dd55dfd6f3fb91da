import assert from 'node:assert/strict';

/** One value of every PII type, each one the detectors find on its own (test/platform/pii covers the detectors). */
export const PII = {
  email: 'jane.doe@example.com',
  phone: '+1 415 555 0100',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '536-22-8714',
  ip: '203.0.113.42',
  secret: 'sk-proj-abcdefghijklmnopqrstuvwxyz123456',
} as const;

export const PII_VALUES: readonly string[] = Object.values(PII);

/** A policy rule that redacts every PII type in the prompt. */
export const REDACT_EVERY_PII_TYPE = {
  id: 'redact-every-pii-type',
  type: 'pii' as const,
  entities: [
    'EMAIL' as const,
    'PHONE' as const,
    'CARD' as const,
    'IBAN' as const,
    'SSN' as const,
    'IP' as const,
    'SECRET' as const,
  ],
  action: 'redact' as const,
};

/** No raw PII value anywhere in `body` (what an upstream received). */
export function assertNoRawPii(body: string): void {
  for (const value of PII_VALUES) assert.ok(!body.includes(value), `"${value}" reached the provider in clear`);
}
