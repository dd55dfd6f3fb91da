import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually } from '../gateway/support/gateway-fixture';
import { checkPage } from './support/page-checks';
import { createKeyInBrowser, signUpInBrowser, type BrowserAccount } from './support/flows';
import { startWebStack, type WebStack } from './support/web-stack';

let stack: WebStack;
let page: Page;
let account: BrowserAccount;

before(async () => {
  stack = await startWebStack();
  page = await stack.newPage();
});

after(async () => {
  await stack.close();
});

test('the sign-in and sign-up pages pass the accessibility check', async () => {
  const anonymous = await stack.newPage();
  await anonymous.goto('/signin');
  await anonymous.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkPage(anonymous, 'sign-in');
  await anonymous.getByRole('link', { name: 'Create an account' }).click();
  await anonymous.getByRole('heading', { name: 'Create an account' }).waitFor();
  await checkPage(anonymous, 'sign-up');
  await anonymous.context().close();
});

test('the sign-up form is not sent until the person confirms being 16 or older', async () => {
  const anonymous = await stack.newPage();
  const email = 'unconfirmed-age@example.test';
  await anonymous.goto('/signup');
  await anonymous.getByLabel('Organisation').fill('Young Ltd');
  await anonymous.getByLabel('Your name').fill('Young');
  await anonymous.getByLabel('E-mail address').fill(email);
  await anonymous.getByLabel(/^Password/).fill('correct horse battery');
  await anonymous.getByRole('button', { name: 'Create account' }).click();
  const box = anonymous.getByLabel(/I am 16 or older/);
  assert.equal(await box.evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid), false);
  await anonymous.getByRole('heading', { name: 'Create an account' }).waitFor();
  assert.equal(await stack.api.stack.database.db('users').where({ email }).first(), undefined);
  await anonymous.context().close();
});

test('a visitor without a session is sent to sign-in', async () => {
  const anonymous = await stack.newPage();
  await anonymous.goto('/keys');
  await anonymous.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.match(anonymous.url(), /\/signin\?next=%2Fkeys/);
  await anonymous.context().close();
});

test('signing up lands on the overview, with the session in an HttpOnly cookie', async () => {
  account = await signUpInBrowser(page, 'signup');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'autrace_session');
  assert.ok(session?.httpOnly, 'session cookie must be HttpOnly');
  assert.equal(session.sameSite, 'Strict');
  const scriptVisible = await page.evaluate(
    () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
  );
  assert.doesNotMatch(scriptVisible, /autrace_session/);
  await checkPage(page, 'overview');
});

test('a new API key is shown once and calls the gateway', async () => {
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('heading', { name: 'API keys' }).waitFor();
  const secret = await createKeyInBrowser(page, 'production');
  assert.match(secret, /^atr_/);
  await page.getByRole('cell', { name: 'production', exact: true }).waitFor();
  await checkPage(page, 'api-keys');
  const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hello' }] }),
  });
  assert.equal(response.status, 200, await response.text());
});

test('the key list shows the key’s last use and request count once the gateway has logged the call', async () => {
  const row = page.getByRole('row').filter({ hasText: 'production' });
  await eventually(async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // Name, prefix, created, last used, requests over 30 days, in total, status.
    return cells[3] !== 'Never' && cells[4] === '1' && cells[5] === '1';
  });
});

test('a revoked key leaves the list and no longer calls the gateway', async () => {
  const secret = await createKeyInBrowser(page, 'temporary');
  await page.getByRole('button', { name: 'Revoke temporary' }).click();
  await page.getByRole('status').filter({ hasText: 'The key “temporary” is revoked' }).waitFor();
  await page.getByRole('cell', { name: 'temporary', exact: true }).waitFor({ state: 'detached' });
  // The gateway learns of revocations from its change feed, within moments.
  await eventually(async () => {
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hello' }] }),
    });
    return response.status === 401;
  });
});

test('signing out ends the session and signing in again restores it', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(
    (await page.context().cookies()).find((c) => c.name === 'autrace_session'),
    undefined,
  );
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
});

test('a wrong password is explained in words', async () => {
  const anonymous = await stack.newPage();
  await anonymous.goto('/signin');
  await anonymous.getByLabel('E-mail address').fill('nobody@example.test');
  await anonymous.getByLabel('Password').fill('wrong password here');
  await anonymous.getByRole('button', { name: 'Sign in' }).click();
  const alert = anonymous.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /wrong e-mail address or password/);
  assert.doesNotMatch((await alert.textContent()) ?? '', /UNAUTHORIZED/);
  await anonymous.context().close();
});
