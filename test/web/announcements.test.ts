import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestUser } from '../support/api';
import { signInInBrowser, signUpInBrowser, type BrowserAccount } from './support/flows';
import { checkPage } from './support/page-checks';
import { startWebStack, type WebStack } from './support/web-stack';

/** A user chooses which announcements to receive; an operator publishes one from the console. */
let stack: WebStack;
let page: Page;
let operatorPage: Page;
let account: BrowserAccount;
let operator: TestUser;

before(async () => {
  stack = await startWebStack({ temporal: true });
  [page, operatorPage] = await Promise.all([stack.newPage(), stack.newPage()]);
  account = await signUpInBrowser(page, 'announcements');
  operator = await stack.api.createOperator();
});

after(async () => {
  await stack.close();
});

const optOuts = () =>
  stack.api.stack.database
    .db('users')
    .where({ email: account.email })
    .first('marketing_opt_out', 'security_notices_opt_out');

test('a user turns product updates off in their settings and keeps security notices', async () => {
  await page
    .getByRole('navigation', { name: 'Dashboard' })
    .getByRole('link', { name: 'Settings', exact: true })
    .click();
  const updates = page.getByRole('checkbox', { name: 'Product updates' });
  assert.equal(await updates.isChecked(), true, 'on by default');
  await updates.uncheck();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.deepEqual(await optOuts(), { marketing_opt_out: true, security_notices_opt_out: false });
  assert.equal(await page.getByRole('checkbox', { name: 'Security notices' }).isChecked(), true);
  await checkPage(page, 'settings-email');
});

test('an operator publishes a security notice in the console, and it reaches the user and shows as sent', async () => {
  await signInInBrowser(operatorPage, { email: operator.email, password: operator.password });
  await operatorPage.getByRole('heading', { name: 'Operator console: data-subject requests' }).waitFor();
  await operatorPage.getByRole('link', { name: 'Announcements' }).click();
  await operatorPage.getByRole('heading', { name: 'Operator console: announcements' }).waitFor();
  await operatorPage.getByLabel('Kind').selectOption('security_notice');
  await operatorPage.getByLabel('Subject').fill('Rotate keys created before December');
  await operatorPage.getByLabel('Message (plain text)').fill('A library we use had a flaw; rotate older keys.');
  await operatorPage.getByRole('button', { name: 'Publish to every recipient' }).click();
  await operatorPage.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  await stack.api.stack.smtp.waitForMessages(1, 30_000);
  const mail = stack.api.stack.smtp.messages.find((m) => m.subject === 'Rotate keys created before December');
  assert.deepEqual(mail?.to, [account.email]);
  const db = stack.api.stack.database.db;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const row = await db('announcements').where({ subject: 'Rotate keys created before December' }).first('status');
    if (row?.status === 'sent') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await operatorPage.reload();
  const row = operatorPage.getByRole('row').filter({ hasText: 'Rotate keys created before December' });
  await row.getByRole('cell', { name: 'Sent', exact: true }).waitFor();
  await checkPage(operatorPage, 'operator-announcements');
});
