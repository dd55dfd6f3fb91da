import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { waitForMail } from '../support/dsr-harness';
import type { TestUser } from '../support/api';
import { signInInBrowser } from './support/flows';
import { checkPage } from './support/page-checks';
import { startWebStack, type WebStack } from './support/web-stack';

/** A data subject files a request in the privacy center; one of our operators works it in the console. */
let stack: WebStack;
let subject: Page;
let operatorPage: Page;
let operator: TestUser;
/** A customer's user: a request about someone we hold data on waits for the operator's decision. */
let SUBJECT_EMAIL = '';

before(async () => {
  stack = await startWebStack({ temporal: true });
  subject = await stack.newPage();
  operatorPage = await stack.newPage();
  operator = await stack.api.createOperator();
  SUBJECT_EMAIL = (await stack.api.createAccount()).owner.email;
});

after(async () => {
  await stack.close();
});

/** Waits (in real time) until the check holds: the erasure runs on the worker. */
async function eventuallyGone(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the user was not erased');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a data subject files an erasure request in the privacy center, without an account', async () => {
  await subject.goto('/privacy');
  await subject.getByRole('heading', { name: 'Privacy center' }).waitFor();
  await checkPage(subject, 'privacy-center');
  await subject.getByLabel(/^Erasure/).check();
  await subject.getByLabel('Where do you live? (the law that applies)').selectOption('gdpr');
  await subject.getByLabel('Your e-mail address').fill(SUBJECT_EMAIL);
  await subject.getByRole('button', { name: 'Send the request' }).click();
  await subject
    .getByRole('status')
    .filter({ hasText: `we sent a confirmation link to ${SUBJECT_EMAIL}` })
    .waitFor();
  await checkPage(subject, 'privacy-center-sent');
});

test('the e-mailed link opens a page that confirms the request and shows the promised and legal due dates', async () => {
  const mail = await waitForMail(stack.api.stack, (m) => m.to.includes(SUBJECT_EMAIL));
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0] ?? '';
  const url = new URL(link);
  assert.equal(url.pathname, '/privacy/verify');
  await subject.goto(`${url.pathname}${url.search}`);
  await subject.getByText('Thank you: your erasure request is confirmed.').waitFor();
  const dates = (await subject.locator('dl').textContent()) ?? '';
  assert.match(dates, /We promise to answer by/);
  assert.match(dates, /The law \(GDPR\) requires an answer by/);
  assert.equal(await subject.locator('dd').count(), 3);
  await checkPage(subject, 'privacy-verified');
});

test('following the link a second time says so in words', async () => {
  const mail = await waitForMail(stack.api.stack, (m) => m.to.includes(SUBJECT_EMAIL));
  const url = new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? '');
  const again = await stack.newPage();
  await again.goto(`${url.pathname}${url.search}`);
  const alert = again.getByRole('alert');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /already (used|verified)/);
  await again.context().close();
});

test('the operator console lists the request by the date we work to, with the e-mail masked', async () => {
  await signInInBrowser(operatorPage, { email: operator.email, password: operator.password });
  await operatorPage.getByRole('heading', { name: 'Operator console: data-subject requests' }).waitFor();
  const row = operatorPage
    .getByRole('region', { name: /Data-subject requests/ })
    .locator('tbody tr')
    .first();
  await row.waitFor();
  const text = (await row.textContent()) ?? '';
  assert.match(text, /Erasure/);
  assert.match(text, /days left/);
  assert.equal(text.includes(SUBJECT_EMAIL), false, 'the queue shows the address masked');
  assert.match(text, /\*\*\*/);
  assert.match((await row.getByRole('link', { name: /Temporal UI/ }).getAttribute('href')) ?? '', /query=/);
  await checkPage(operatorPage, 'operator-queue');
});

test('the operator reveals the e-mail, extends the deadline once, and is told the rule when refused again', async () => {
  await operatorPage
    .getByRole('region', { name: /Data-subject requests/ })
    .locator('tbody tr')
    .first()
    .getByRole('link')
    .first()
    .click();
  await operatorPage.getByRole('heading', { name: 'Data-subject request' }).waitFor();
  await operatorPage.getByRole('button', { name: 'Reveal (recorded in the audit trail)' }).click();
  await operatorPage.getByText(SUBJECT_EMAIL).waitFor();
  const reason = operatorPage.getByLabel('Reason (told to the subject, at least 10 characters)');
  await reason.fill('Several linked accounts must be searched first.');
  await operatorPage.getByRole('button', { name: 'Extend the deadline' }).click();
  await operatorPage.getByRole('status').filter({ hasText: 'Extended: now due' }).waitFor();
  await reason.fill('Asking for a second extension now.');
  await operatorPage.getByRole('button', { name: 'Extend the deadline' }).click();
  const refusal = operatorPage.getByRole('alert');
  await refusal.waitFor();
  const refusalText = (await refusal.textContent()) ?? '';
  assert.match(refusalText, /already been extended once/);
  assert.match(refusalText, /GDPR Art\. 12\(3\)/);
  await checkPage(operatorPage, 'operator-request');
});

test('the operator decides the request and the decision is in its history', async () => {
  await operatorPage.getByLabel('Outcome').selectOption('proceed');
  await operatorPage.getByRole('button', { name: 'Record decision' }).click();
  await operatorPage.getByRole('status').filter({ hasText: 'Decision recorded: the request proceeds.' }).waitFor();
  await operatorPage
    .getByRole('listitem')
    .filter({ hasText: /decision/ })
    .first()
    .waitFor();
});

test('anyone reports a user under 16 in the privacy center; the operator confirms it and the user is erased', async () => {
  const child = await stack.api.createAccount();
  const reporter = 'worried-parent@example.test';
  const visitor = await stack.newPage();
  await visitor.goto('/privacy');
  await visitor.getByRole('heading', { name: 'Report a user under 16' }).waitFor();
  await visitor.getByLabel('E-mail address the child uses with Autrace').fill(child.owner.email);
  await visitor.getByLabel('What makes you think so (optional)').fill('My daughter is 14.');
  await visitor.getByLabel('Your own e-mail address').fill(reporter);
  await visitor.getByRole('button', { name: 'Send the report' }).click();
  await visitor
    .getByRole('status')
    .filter({ hasText: `we sent a confirmation link to ${reporter}` })
    .waitFor();
  await checkPage(visitor, 'privacy-child-report-sent');
  const mail = await waitForMail(stack.api.stack, (m) => m.to.includes(reporter));
  const url = new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? '');
  await visitor.goto(`${url.pathname}${url.search}`);
  await visitor.getByText('Thank you: your report is confirmed and has reached our privacy team.').waitFor();
  await checkPage(visitor, 'privacy-child-report-verified');
  await visitor.context().close();

  await operatorPage.goto('/operator');
  const reports = operatorPage.getByRole('region', { name: 'Reports of users under 16' });
  const row = reports.locator('tbody tr').filter({ hasText: 'My daughter is 14.' });
  await row.waitFor();
  await checkPage(operatorPage, 'operator-child-reports');
  await row.getByRole('button', { name: /^Confirm and erase/ }).click();
  await operatorPage
    .getByRole('status')
    .filter({ hasText: /confirmed: erasure request/ })
    .waitFor();
  const db = stack.api.stack.database.db;
  await eventuallyGone(async () => (await db('users').where({ id: child.owner.userId }).first()) === undefined);
});

test('the operator signs out and the console asks for a sign-in again', async () => {
  await operatorPage.getByRole('button', { name: 'Sign out' }).click();
  await operatorPage.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(
    (await operatorPage.context().cookies()).find((c) => c.name === 'autrace_session'),
    undefined,
  );
  await operatorPage.goto('/operator');
  await operatorPage.getByRole('heading', { name: 'Sign in' }).waitFor();
});

test('a customer user who opens the console is told it is not for them', async () => {
  const { owner } = await stack.api.createAccount();
  const customer = await stack.newPage();
  await signInInBrowser(customer, owner);
  await customer.getByRole('heading', { name: 'Overview' }).waitFor();
  await customer.goto('/operator');
  await customer.getByText("The operator console is for Autrace's privacy team.").waitFor();
  await customer.context().close();
});
