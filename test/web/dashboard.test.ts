import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually } from '../gateway/support/gateway-fixture';
import { readZip } from '../support/zip-reader';
import { createKeyInBrowser, signUpInBrowser, type BrowserAccount } from './support/flows';
import { checkPage } from './support/page-checks';
import { startWebStack, type WebStack } from './support/web-stack';

/**
 * An owner's day in the dashboard, in order: the tests share one signed-in
 * page, as one person would, and each picks up where the last left off.
 */
let stack: WebStack;
let page: Page;
let account: BrowserAccount;
let apiKey = '';

before(async () => {
  stack = await startWebStack({ temporal: true });
  page = await stack.newPage();
  account = await signUpInBrowser(page, 'dashboard');
  // As after a Stripe Checkout: the Growth plan includes full logging.
  await stack.api.stack.database.db('accounts').where({ name: 'dashboard Ltd' }).update({ plan: 'growth' });
});

after(async () => {
  await stack.close();
});

async function openFromNavigation(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function chat(content: string): Promise<number> {
  const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

test('full logging is turned on in the settings, with the plan and retention explained', async () => {
  await page.reload();
  await openFromNavigation('Settings');
  await page.getByText('Logs are kept for 90 days on the growth plan').waitFor();
  await page.getByLabel('Store full logs (prompts and completions)').check();
  await page.getByRole('status').filter({ hasText: 'Full logging is on' }).waitFor();
  assert.equal(await page.getByLabel('Store full logs (prompts and completions)').isChecked(), true);
  await checkPage(page, 'settings');
});

test("the settings show the plan's regions; an Enterprise owner locks the account to its home region", async () => {
  await page.getByText('Regions on the growth plan: European Union, United States.').waitFor();
  assert.equal(await page.getByLabel(/Lock the account to its home region/).count(), 0);
  const db = stack.api.stack.database.db;
  await db('accounts').where({ name: 'dashboard Ltd' }).update({ plan: 'enterprise' });
  await page.reload();
  await page.getByText('Regions on the enterprise plan: European Union, United States, Asia-Pacific.').waitFor();
  await page.getByLabel(/Lock the account to its home region/).check();
  await page.getByText('Locked: requests go only to provider connections tagged EU (EU-only).').waitFor();
  const row = await db('accounts').where({ name: 'dashboard Ltd' }).first('region_locked');
  assert.equal(row?.region_locked, true);
  await checkPage(page, 'settings-region-lock');
  await db('accounts').where({ name: 'dashboard Ltd' }).update({ plan: 'growth', region_locked: false });
});

test('a policy rule is edited, dry-run against a sample prompt and published', async () => {
  await openFromNavigation('Policies');
  const rules = [{ id: 'no-project-x', type: 'keyword', keywords: ['project x'], action: 'block' }];
  await page.getByLabel(/^Rules \(JSON/).fill(JSON.stringify(rules, null, 2));
  await page.getByLabel('Sample prompt').fill('What is project x?');
  await page.getByRole('button', { name: 'Dry-run these rules' }).click();
  await page.getByRole('status').filter({ hasText: 'Verdict: Blocked' }).waitFor();
  assert.match((await page.getByRole('status').filter({ hasText: 'Verdict' }).textContent()) ?? '', /no-project-x/);
  await page.getByRole('button', { name: 'Publish and activate' }).click();
  await page.getByRole('status').filter({ hasText: 'Version 1 is published and active' }).waitFor();
  await page.getByRole('cell', { name: 'Active' }).waitFor();
  await checkPage(page, 'policies');
});

test('an invalid rule is refused in words before anything is published', async () => {
  await page.getByLabel(/^Rules \(JSON/).fill('[{"id": "bad", "type": "keyword", "action": "block"}]');
  await page.getByRole('button', { name: 'Dry-run these rules' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /That was not accepted: body\.rules/);
  await page.getByLabel(/^Rules \(JSON/).fill('[not json');
  await page.getByRole('button', { name: 'Publish and activate' }).click();
  await page.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
});

test('a key is created and the gateway answers one prompt and blocks another', async () => {
  await openFromNavigation('API keys');
  apiKey = await createKeyInBrowser(page, 'backend');
  assert.equal(await chat('Say hello'), 200);
  assert.equal(await chat('Tell me about project x'), 403);
  const db = stack.api.stack.database.db;
  await eventually(async () => Number((await db('gateway_requests').count({ n: '*' }))[0]?.n) === 2);
});

test('the overview charts the requests', async () => {
  await openFromNavigation('Overview');
  await page.getByRole('figure').filter({ hasText: 'Requests' }).first().waitFor();
  await page.locator('.totals').getByText('2', { exact: true }).waitFor();
  await checkPage(page, 'overview-with-traffic');
});

test('the request log lists both requests with their verdicts, and filters by verdict', async () => {
  await openFromNavigation('Request log');
  const rows = page.getByRole('region', { name: 'Requests' }).locator('tbody tr');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  const blocked = rows.filter({ hasText: 'Blocked' });
  assert.match((await blocked.textContent()) ?? '', /no-project-x/);
  await rows.filter({ hasText: 'Allowed' }).waitFor();
  await checkPage(page, 'request-log');
  await page.getByLabel('Verdict').selectOption('BLOCK');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await eventually(async () => (await rows.count()) === 1);
  assert.match((await rows.first().textContent()) ?? '', /Blocked/);
  await page.getByLabel('Verdict').selectOption('');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await eventually(async () => (await rows.count()) === 2);
});

test('an allowed request opens with its full log, decrypted on demand', async () => {
  const rows = page.getByRole('region', { name: 'Requests' }).locator('tbody tr');
  await rows.filter({ hasText: 'Allowed' }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Request' }).waitFor();
  await page.getByRole('button', { name: 'Show the full log (prompt and completion)' }).click();
  await page.getByRole('heading', { name: 'Full log' }).waitFor();
  assert.match((await page.locator('main').textContent()) ?? '', /Say hello/);
  await checkPage(page, 'request-detail');
});

test('a range of logs is exported with progress and the archive holds them', async () => {
  await openFromNavigation('Export and delete logs');
  await page.getByLabel('Include full logs (prompts and completions), where stored').check();
  await page.getByRole('button', { name: 'Start export' }).click();
  const link = page.getByRole('link', { name: 'download the ZIP archive' });
  await link.waitFor({ timeout: 30_000 });
  const href = (await link.getAttribute('href')) ?? '';
  const zip = await readZip(Buffer.from(await (await fetch(href)).arrayBuffer()));
  const requests = JSON.parse(zip.get('gateway_requests.json') ?? '[]') as unknown[];
  assert.equal(requests.length, 2);
  assert.ok(
    [...zip.keys()].some((name) => name.startsWith('gateway_full_logs')),
    [...zip.keys()].join(', '),
  );
  await checkPage(page, 'export-and-delete');
});

test('logs are deleted after a confirmation, and the log is empty', async () => {
  await page.getByRole('button', { name: 'Delete logs…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Delete all of the account’s logs?' }).waitFor();
  await checkPage(page, 'delete-logs-confirmation');
  await dialog.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted 2 requests' }).waitFor();
  await openFromNavigation('Request log');
  await page.getByText('No requests match.').waitFor();
});

test('account deletion is requested with a 90-day countdown and cancelled', async () => {
  await openFromNavigation('Account deletion');
  await page.getByRole('button', { name: 'Request account deletion…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, delete the account' }).click();
  await page.getByText(/90 days left/).waitFor();
  await page.getByText('This account is scheduled for deletion').waitFor();
  await checkPage(page, 'account-deletion-pending');
  await page.getByRole('button', { name: 'Cancel the deletion' }).click();
  await page.getByRole('status').filter({ hasText: 'The deletion is cancelled' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.getByText('This account is scheduled for deletion').count(), 0);
  assert.equal(await chat('Still here?'), 200);
  assert.ok(account.email);
});
