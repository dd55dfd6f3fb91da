import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signUpInBrowser } from './support/flows';
import { checkPage } from './support/page-checks';
import { startWebStack, type WebStack } from './support/web-stack';

/** The account's other pages, as its owner uses them. */
let stack: WebStack;
let page: Page;

before(async () => {
  stack = await startWebStack({ temporal: true });
  page = await stack.newPage();
  await signUpInBrowser(page, 'account-pages');
});

after(async () => {
  await stack.close();
});

async function openFromNavigation(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

test('a member is added and given the admin role', async () => {
  await openFromNavigation('Members and roles');
  await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await page.getByLabel('E-mail address').fill('grace@example.test');
  await page.getByLabel('First password (at least 12 characters)').fill('a first password');
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByRole('status').filter({ hasText: 'Grace Hopper can now sign in' }).waitFor();
  await page.getByLabel('Role of Grace Hopper').selectOption('admin');
  await page.getByLabel('Role of Grace Hopper').waitFor();
  const db = stack.api.stack.database.db;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const row = await db('users').where({ email: 'grace@example.test' }).first<{ role: string } | undefined>('role');
    if (row?.role === 'admin') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const row = await db('users').where({ email: 'grace@example.test' }).first<{ role: string } | undefined>('role');
  assert.equal(row?.role, 'admin');
  await checkPage(page, 'members');
});

test('the audit trail lists the changes, verifies its chain and exports a signed file', async () => {
  await openFromNavigation('Audit trail');
  await page.getByRole('region', { name: 'Audit entries' }).locator('tbody tr').first().waitFor();
  assert.match((await page.getByRole('region', { name: 'Audit entries' }).textContent()) ?? '', /user/);
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await page.getByRole('status').filter({ hasText: 'The chain is intact' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export (signed NDJSON)' }).click(),
  ]);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.ok(lines.length >= 2, 'entries and a signature line');
  assert.match(lines[lines.length - 1] ?? '', /signature/);
  await checkPage(page, 'audit-trail');
});

test('the owner files a privacy request about themselves and sees when it is due', async () => {
  await openFromNavigation('Your data requests');
  await page.getByText('You have made no requests.').waitFor();
  await page.getByLabel('Request').selectOption('access');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await page.getByRole('status').filter({ hasText: 'Received. We answer by' }).waitFor();
  await page.getByRole('region', { name: 'Your requests' }).getByRole('cell', { name: 'Access' }).waitFor();
  await checkPage(page, 'my-requests');
});

test('billing shows the plan and the plans to upgrade to', async () => {
  await openFromNavigation('Billing');
  await page.getByText('The account is on the free plan.').waitFor();
  await page.getByRole('button', { name: 'Switch to Growth' }).waitFor();
  await checkPage(page, 'billing');
});

test('scheduled exports start empty and offer a timetable', async () => {
  await openFromNavigation('Scheduled exports');
  await page.getByText('No scheduled exports.').waitFor();
  await checkPage(page, 'scheduled-exports');
});

test('a member sees only what the role allows', async () => {
  const account = await stack.api.createAccount();
  const member = await stack.api.createUser(account.accountId, 'member');
  const memberPage = await stack.newPage();
  await memberPage.goto('/signin');
  await memberPage.getByLabel('E-mail address').fill(member.email);
  await memberPage.getByLabel('Password').fill(member.password);
  await memberPage.getByRole('button', { name: 'Sign in' }).click();
  await memberPage.getByRole('heading', { name: 'Overview' }).waitFor();
  const nav = memberPage.getByRole('navigation', { name: 'Dashboard' });
  assert.equal(await nav.getByRole('link', { name: 'Request log' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'API keys' }).count(), 0);
  await memberPage.goto('/keys');
  await memberPage.getByText('Your role (member) does not include this page.').waitFor();
  await memberPage.context().close();
});

test('an unknown page says so and links home', async () => {
  await page.goto('/no-such-page');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await checkPage(page, 'not-found');
});
