import type { PiiEntityType } from '../../../platform/policies/policy-rules';

/**
 * A labelled corpus for the PII detectors: each sample lists every entity a
 * careful reader would redact (type and exact text). Hard negatives (failed
 * checksums, dates, versions, order numbers) sit beside the positives, so
 * precision means something. Values are synthetic or documented test values.
 */
export interface LabelledSample {
  text: string;
  entities: Array<{ type: PiiEntityType; value: string }>;
}

const e = (type: PiiEntityType, value: string) => ({ type, value });

export const PII_CORPUS: LabelledSample[] = [
  // E-mail
  { text: 'Contact jane.doe@example.com for details.', entities: [e('EMAIL', 'jane.doe@example.com')] },
  {
    text: 'cc: ops+alerts@mail.example.co.uk, bob_smith99@corp-example.io',
    entities: [e('EMAIL', 'ops+alerts@mail.example.co.uk'), e('EMAIL', 'bob_smith99@corp-example.io')],
  },
  { text: '<a href="mailto:sales@example.org">write</a>', entities: [e('EMAIL', 'sales@example.org')] },
  { text: 'Mention @jane on the thread, not by e-mail.', entities: [] },
  { text: 'name at example dot com is obfuscated on purpose', entities: [] },
  { text: 'Reply-To: "Émile" <emile.zola@example.fr>', entities: [e('EMAIL', 'emile.zola@example.fr')] },
  { text: 'the decorator @Component() and @types/node are code', entities: [] },
  {
    text: 'User first.last@sub.domain.example.com signed up',
    entities: [e('EMAIL', 'first.last@sub.domain.example.com')],
  },
  // Phone
  { text: 'Call me at +1 415 555 0100 tomorrow.', entities: [e('PHONE', '+1 415 555 0100')] },
  {
    text: 'Office: (415) 555-0123, fax 415-555-0199',
    entities: [e('PHONE', '(415) 555-0123'), e('PHONE', '415-555-0199')],
  },
  { text: 'London desk +44 20 7946 0958', entities: [e('PHONE', '+44 20 7946 0958')] },
  { text: 'Paris: +33 1 42 68 53 00', entities: [e('PHONE', '+33 1 42 68 53 00')] },
  { text: 'Mobile 06 12 34 56 78 after six', entities: [e('PHONE', '06 12 34 56 78')] },
  { text: 'Reach support on +91 98765 43210.', entities: [e('PHONE', '+91 98765 43210')] },
  { text: 'Berlin +49 30 901820 ext 12', entities: [e('PHONE', '+49 30 901820')] },
  { text: 'Dial +1-202-555-0147 for the hotline', entities: [e('PHONE', '+1-202-555-0147')] },
  { text: 'Released on 2024-01-31 as version 3.2.1', entities: [] },
  { text: 'Meeting at 10:30 on 31.01.2024 in room 204', entities: [] },
  { text: 'The total was 1,299.00 EUR for 12 items', entities: [] },
  { text: 'Order 12345 shipped in 3 boxes', entities: [] },
  // Payment cards (Luhn)
  { text: 'Card 4111 1111 1111 1111 exp 12/28', entities: [e('CARD', '4111 1111 1111 1111')] },
  { text: 'Pay with 5555-5555-5555-4444 please', entities: [e('CARD', '5555-5555-5555-4444')] },
  { text: 'amex 378282246310005 on file', entities: [e('CARD', '378282246310005')] },
  {
    text: 'test cards: 4242424242424242 and 6011111111111117',
    entities: [e('CARD', '4242424242424242'), e('CARD', '6011111111111117')],
  },
  { text: 'JCB 3530 1113 3330 0000 declined', entities: [e('CARD', '3530 1113 3330 0000')] },
  { text: 'typo in 4111 1111 1111 1112 fails the checksum', entities: [] },
  { text: 'tracking number 1234567812345679 is not a card', entities: [] },
  { text: 'visa 4012888888881881 approved', entities: [e('CARD', '4012888888881881')] },
  // IBAN (mod-97)
  { text: 'Transfer to DE89 3704 0044 0532 0130 00 by Friday', entities: [e('IBAN', 'DE89 3704 0044 0532 0130 00')] },
  { text: 'IBAN: GB82WEST12345698765432', entities: [e('IBAN', 'GB82WEST12345698765432')] },
  {
    text: 'FR14 2004 1010 0505 0001 3M02 606 is the account',
    entities: [e('IBAN', 'FR14 2004 1010 0505 0001 3M02 606')],
  },
  {
    text: 'NL91ABNA0417164300 and BE68539007547034',
    entities: [e('IBAN', 'NL91ABNA0417164300'), e('IBAN', 'BE68539007547034')],
  },
  { text: 'ES91 2100 0418 4502 0005 1332 (Spain)', entities: [e('IBAN', 'ES91 2100 0418 4502 0005 1332')] },
  {
    text: 'CH93 0076 2011 6238 5295 7 and AT611904300234573201',
    entities: [e('IBAN', 'CH93 0076 2011 6238 5295 7'), e('IBAN', 'AT611904300234573201')],
  },
  { text: 'wrong checksum DE89 3704 0044 0532 0130 01 rejected', entities: [] },
  { text: 'product code AB12CDEF3456789012 is internal', entities: [] },
  // US SSN
  { text: 'SSN 078-05-1120 on the form', entities: [e('SSN', '078-05-1120')] },
  {
    text: 'applicant 219-09-9999 and spouse 536-22-1234',
    entities: [e('SSN', '219-09-9999'), e('SSN', '536-22-1234')],
  },
  { text: 'ssn: 401-55-7788.', entities: [e('SSN', '401-55-7788')] },
  { text: 'invalid 000-12-3456, 666-12-3456, 900-12-3456 and 123-00-4567', entities: [] },
  { text: 'part number 123-45-67890 is longer', entities: [] },
  // IP addresses
  { text: 'Login from 192.168.1.10 at noon', entities: [e('IP', '192.168.1.10')] },
  { text: 'DNS 8.8.8.8 and 10.0.0.12', entities: [e('IP', '8.8.8.8'), e('IP', '10.0.0.12')] },
  {
    text: 'IPv6 2001:db8::1 and fe80::1ff:fe23:4567:890a',
    entities: [e('IP', '2001:db8::1'), e('IP', 'fe80::1ff:fe23:4567:890a')],
  },
  {
    text: 'full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 address',
    entities: [e('IP', '2001:0db8:85a3:0000:0000:8a2e:0370:7334')],
  },
  { text: 'not an address: 999.1.1.1, time 12:30:45', entities: [] },
  { text: 'served by 172.16.254.1:8080', entities: [e('IP', '172.16.254.1')] },
  // Secrets
  {
    text: 'export OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0',
    entities: [e('SECRET', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0')],
  },
  {
    text: 'anthropic sk-ant-api03-abcDEF123456789_ghiJKL-mnopQRSTuvwx ok',
    entities: [e('SECRET', 'sk-ant-api03-abcDEF123456789_ghiJKL-mnopQRSTuvwx')],
  },
  { text: 'aws AKIAIOSFODNN7EXAMPLE in the config', entities: [e('SECRET', 'AKIAIOSFODNN7EXAMPLE')] },
  {
    text: 'token ghp_1234567890abcdefghijABCDEFGHIJ123456 leaked',
    entities: [e('SECRET', 'ghp_1234567890abcdefghijABCDEFGHIJ123456')],
  },
  { text: 'slack xoxb-123456789012-abcdefghijkl posted', entities: [e('SECRET', 'xoxb-123456789012-abcdefghijkl')] },
  {
    text: 'Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    entities: [e('SECRET', '9f8e7d6c5b4a39281706f5e4d3c2b1a0')],
  },
  {
    text: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here',
    entities: [
      e('SECRET', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'),
    ],
  },
  {
    text: 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\nAbCdEf==\n-----END RSA PRIVATE KEY-----\nend',
    entities: [
      e('SECRET', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\nAbCdEf==\n-----END RSA PRIVATE KEY-----'),
    ],
  },
  {
    text: 'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc in env',
    entities: [e('SECRET', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc')],
  },
  {
    text: 'google AIzaSyD-abcdefghijklmnopqrstuvwxyz12345 maps',
    entities: [e('SECRET', 'AIzaSyD-abcdefghijklmnopqrstuvwxyz12345')],
  },
  { text: 'the sk-short flag and a secret handshake are fine', entities: [] },
  { text: 'use the bearer of bad news as an idiom', entities: [] },
  // Mixed
  {
    text: 'Hi, I am Ana (ana@example.pt, +351 912 345 678). Pay PT50000201231234567890154 or card 5105105105105100.',
    entities: [
      e('EMAIL', 'ana@example.pt'),
      e('PHONE', '+351 912 345 678'),
      e('IBAN', 'PT50000201231234567890154'),
      e('CARD', '5105105105105100'),
    ],
  },
  { text: 'Nothing personal here: the quarterly report is due in Q3 2025.', entities: [] },
];
