import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createSubjectDownloadToken } from '../../platform/exports/export-download-links';
import type { ExportCategory } from '../../platform/exports/export-categories';
import { exportReadyText, subjectExportReadyText } from '../../platform/exports/export-mail';
import { createExportRecord, runExport, type NewExport } from '../../platform/exports/export-runs';
import type { TestUser } from '../support/api';
import { seedAccount, type SeededAccount } from '../support/seed-accounts';
import { readZip } from '../support/zip-reader';
import { signInInBrowser } from './support/flows';
import { checkPage } from './support/page-checks';
import { startWebStack, type WebStack } from './support/web-stack';

/** The pages an export's e-mail points to: a signed-in reader's and a public data subject's. */
let stack: WebStack;
let seeded: SeededAccount;
let owner: TestUser;
let ownerPage: Page;

before(async () => {
  stack = await startWebStack();
  const db = stack.api.stack.database.db;
  seeded = await seedAccount(db, stack.api.stack.config.keys.master, { requests: 3, fullLogs: 3 });
  owner = await stack.api.createUser(seeded.accountId, 'owner');
  ownerPage = await stack.newPage();
  await signInInBrowser(ownerPage, owner);
  await ownerPage.getByRole('heading', { name: 'Overview' }).waitFor();
});

after(async () => {
  await stack.close();
});

/** A finished export with its archive in the account's bucket, of the categories given. */
async function finishedExport(input: Omit<NewExport, 'region'>, categories: ExportCategory[]): Promise<string> {
  const record = await createExportRecord(stack.api.stack.database.db, { region: 'eu', ...input });
  await runExport(stack.api.stack.deps, { exportId: record.id, categories });
  return record.id;
}

/** The page address an e-mail's text sends its reader to, as a path on the stack's origin. */
function pageInMail(text: string): string {
  const url = new URL(/https?:\/\/\S+/.exec(text)?.[0] ?? '');
  return `${url.pathname}${url.search}${url.hash}`;
}

async function downloadedZip(page: Page): Promise<Map<string, string>> {
  const link = page.getByRole('link', { name: 'Download the ZIP archive' });
  await link.waitFor();
  const href = (await link.getAttribute('href')) ?? '';
  const response = await fetch(href);
  assert.equal(response.status, 200);
  return readZip(Buffer.from(await response.arrayBuffer()));
}

test('a signed-in owner gets a link on the export page that downloads the ZIP, and says until when', async () => {
  const exportId = await finishedExport({ accountId: seeded.accountId, kind: 'owner' }, ['gateway_full_logs']);
  await ownerPage.goto(pageInMail(exportReadyText(stack.api.stack.config, exportId)));
  await ownerPage.getByRole('heading', { level: 1, name: 'Download an export' }).waitFor();
  await ownerPage.getByText(exportId).waitFor();
  await ownerPage.getByRole('button', { name: 'Get a download link' }).click();
  const zip = await downloadedZip(ownerPage);
  assert.ok(zip.has('manifest.json'), [...zip.keys()].join(', '));
  const status = ownerPage.getByRole('status').filter({ hasText: 'The link works until' });
  assert.match((await status.textContent()) ?? '', /works until .+\d/);
  assert.equal(await ownerPage.getByRole('button', { name: 'Get a new download link' }).count(), 1);
  await checkPage(ownerPage, 'export-download');
});

test("the owner opens the archive's sealed full logs by choosing the file on the same page", async () => {
  const zip = await downloadedZip(ownerPage);
  const sealed = zip.get('gateway_full_logs.json') ?? '';
  assert.ok(sealed.length > 0, 'the archive holds sealed full logs');
  await ownerPage.getByLabel('The archive’s gateway_full_logs.json').setInputFiles({
    name: 'gateway_full_logs.json',
    mimeType: 'application/json',
    buffer: Buffer.from(sealed),
  });
  await ownerPage.getByRole('button', { name: 'Open the full logs' }).click();
  await ownerPage.getByText('3 entries opened.').waitFor();
  assert.match((await ownerPage.locator('.opened-logs').textContent()) ?? '', /prompt from member-/);
  await checkPage(ownerPage, 'export-sealed-full-logs-opened');
});

test('a file that is not an export’s full logs is refused in words', async () => {
  await ownerPage.getByLabel('The archive’s gateway_full_logs.json').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"not": "an array"}'),
  });
  await ownerPage.getByRole('button', { name: 'Open the full logs' }).click();
  await ownerPage.getByRole('alert').filter({ hasText: 'That file is not a gateway_full_logs.json' }).waitFor();
});

test('an export that is not finished yet, and one that expired, are each explained in words', async () => {
  const db = stack.api.stack.database.db;
  const running = await createExportRecord(db, { accountId: seeded.accountId, kind: 'owner', region: 'eu' });
  await ownerPage.goto(`/exports/${running.id}`);
  await ownerPage.getByRole('button', { name: 'Get a download link' }).click();
  await ownerPage.getByRole('alert').filter({ hasText: 'This export is not finished yet' }).waitFor();
  const expired = await finishedExport({ accountId: seeded.accountId, kind: 'owner' }, ['account']);
  await db('exports')
    .where({ id: expired })
    .update({ expires_at: new Date(Date.now() - 1000) });
  await ownerPage.goto(`/exports/${expired}`);
  await ownerPage.getByRole('button', { name: 'Get a download link' }).click();
  await ownerPage.getByRole('alert').filter({ hasText: 'This archive has expired' }).waitFor();
  assert.equal(await ownerPage.getByRole('link', { name: 'Download the ZIP archive' }).count(), 0);
});

test("another account's export is not found, in words, and gives no link", async () => {
  const other = await stack.api.createAccount();
  const theirs = await finishedExport({ accountId: other.accountId, kind: 'owner' }, ['account']);
  await ownerPage.goto(`/exports/${theirs}`);
  await ownerPage.getByRole('button', { name: 'Get a download link' }).click();
  await ownerPage.getByRole('alert').filter({ hasText: 'not one you may download' }).waitFor();
  assert.equal(await ownerPage.getByRole('link', { name: 'Download the ZIP archive' }).count(), 0);
  await checkPage(ownerPage, 'export-download-not-found');
});

test('a visitor without a session signs in first and lands back on the export page', async () => {
  const exportId = await finishedExport({ accountId: seeded.accountId, kind: 'owner' }, ['account']);
  const visitor = await stack.newPage();
  await visitor.goto(pageInMail(exportReadyText(stack.api.stack.config, exportId)));
  await visitor.getByRole('heading', { name: 'Sign in' }).waitFor();
  await visitor.getByLabel('E-mail address').fill(owner.email);
  await visitor.getByLabel('Password').fill(owner.password);
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await visitor.getByRole('heading', { level: 1, name: 'Download an export' }).waitFor();
  await visitor.getByText(exportId).waitFor();
  await visitor.context().close();
});

test("a public subject's page issues a link from the token in the address's fragment, without a session", async () => {
  const exportId = await finishedExport({ accountId: seeded.accountId, kind: 'dsr' }, ['account']);
  const token = await createSubjectDownloadToken(
    stack.api.stack.database.db,
    stack.api.stack.config.keys.master,
    exportId,
  );
  const subject = await stack.newPage();
  const asked: string[] = [];
  subject.on('request', (request) => asked.push(request.url()));
  await subject.goto(pageInMail(subjectExportReadyText(stack.api.stack.config, token)));
  await subject.getByRole('heading', { level: 1, name: 'Your data export' }).waitFor();
  // By keyboard alone: the heading has focus on arrival, the button is the next stop.
  await subject.keyboard.press('Tab');
  assert.equal(await subject.locator(':focus').textContent(), 'Get a download link');
  await subject.keyboard.press('Enter');
  const zip = await downloadedZip(subject);
  assert.ok(zip.has('account.json'), [...zip.keys()].join(', '));
  assert.deepEqual(
    asked.filter((url) => url.includes(token)),
    [],
    'the token never travels in a URL',
  );
  await checkPage(subject, 'privacy-export');
  await subject.context().close();
});

test("a public subject's page with a bad token says so in words and gives no link", async () => {
  const subject = await stack.newPage();
  await subject.goto(`/privacy/export#token=${'A'.repeat(43)}`);
  await subject.getByRole('button', { name: 'Get a download link' }).click();
  await subject.getByRole('alert').filter({ hasText: 'This link is not valid, or its export was deleted' }).waitFor();
  assert.equal(await subject.getByRole('link', { name: 'Download the ZIP archive' }).count(), 0);
  await checkPage(subject, 'privacy-export-bad-token');
  await subject.goto('/privacy/export');
  await subject.getByRole('alert').filter({ hasText: 'This address is missing its token' }).waitFor();
  await subject.context().close();
});
