import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sendProductMail } from '../../../platform/mail/mail-purposes';
import { sendPolicyNoticeBatch } from '../../../platform/privacy-policy/privacy-policy-notices';
import { publishPrivacyPolicyVersion } from '../../../platform/privacy-policy/privacy-policy';
import { mailsTo } from '../../support/dsr-harness';
import { createTestStack, type TestStack } from '../../support/stack';
import { seedAccount } from '../../support/seed-accounts';

let stack: TestStack;

before(async () => {
  stack = await createTestStack();
});

after(async () => {
  await stack?.close();
});

const productMail = (key: string) => ({
  kind: 'product.update',
  mail: { subject: 'What is new in Autrace', text: 'New this month: …', idempotencyKey: key },
});

test('a product e-mail reaches a user who has not opted out, once', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 0 });
  const first = await sendProductMail(stack.database.db, stack.deps.mailer, {
    userId: account.ownerId,
    ...productMail(`product.${account.ownerId}`),
  });
  const again = await sendProductMail(stack.database.db, stack.deps.mailer, {
    userId: account.ownerId,
    ...productMail(`product.${account.ownerId}`),
  });
  assert.deepEqual([first, again], ['sent', 'already-sent']);
  assert.equal(mailsTo(stack, account.ownerEmail, /^What is new in Autrace$/).length, 1);
});

test('no product e-mail reaches a user who opted out of marketing', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 0 });
  await stack.database.db('users').where({ id: account.memberId }).update({ marketing_opt_out: true });
  const outcome = await sendProductMail(stack.database.db, stack.deps.mailer, {
    userId: account.memberId,
    ...productMail(`product.${account.memberId}`),
  });
  assert.equal(outcome, 'opted-out');
  // Sent mails are on the SMTP server by the time send resolves; give a stray one a moment anyway.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(mailsTo(stack, account.memberEmail, /^What is new in Autrace$/).length, 0);
  assert.equal(
    await stack.database
      .db('sent_notifications')
      .where({ idempotency_key: `product.${account.memberId}` })
      .first(),
    undefined,
  );
});

test('a privacy-policy change notice is a legal notice: it reaches users who opted out of marketing', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 0 });
  await stack.database.db('users').where({ id: account.memberId }).update({ marketing_opt_out: true });
  const now = new Date();
  const version = await publishPrivacyPolicyVersion(stack.database.db, {
    version: `opt-out-${account.accountId.slice(0, 8)}`,
    summary: 'Shorter retention of exports.',
    body: 'The full text.',
    effectiveAt: new Date(now.getTime() + 30 * 86_400_000),
    publishedBy: null,
    now,
  });
  await sendPolicyNoticeBatch(stack.deps, { version, limit: 1000, concurrency: 2 });
  assert.equal(mailsTo(stack, account.memberEmail, /^Changes to the Autrace privacy policy$/).length, 1);
});
