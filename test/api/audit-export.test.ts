import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createArchiveSigner } from '../../platform/audit/archive-signing';
import { entryHash } from '../../platform/audit/audit-archive-format';
import { verifyAuditExport, type ExportEntryLine, type ExportVerification } from '../../platform/audit/audit-export';
import { parsePublicKey } from '../../platform/audit/archive-signing';
import { runCli } from '../../api/cli/run-cli';
import { startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;
let account: TestAccount;
let exported: string;
let publicKey: string;

interface PublishedKey {
  algorithm: string;
  publicKey: string;
  publicKeyPem: string;
  keyId: string;
}

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
  const other = await api.createAccount();
  for (const [token, name] of [
    [account.owner.token, 'a'],
    [other.owner.token, 'x'],
    [account.owner.token, 'b'],
    [account.owner.token, 'c'],
  ] as const)
    assert.equal((await api.request('POST', '/v1/api-keys', { token, body: { name } })).status, 201);
  const response = await api.request('GET', '/v1/audit/export', { token: account.owner.token });
  assert.equal(response.status, 200);
  exported = response.text;
  publicKey = (await api.request<PublishedKey>('GET', '/v1/audit/public-key')).body.publicKey;
});

after(async () => {
  await api?.close();
});

const lines = (text: string) => text.trimEnd().split('\n');
const entryLines = () => lines(exported).slice(0, -1);
const withLines = (entries: string[]) => `${[...entries, lines(exported).at(-1)].join('\n')}\n`;
const verify = (text: string, key = publicKey): ExportVerification => verifyAuditExport(text, parsePublicKey(key));
const problemOf = (result: ExportVerification) => (result.valid ? 'valid' : result.problem);

function editEntry(index: number, edit: (line: ExportEntryLine) => void): string {
  const entries = entryLines();
  const line = JSON.parse(entries[index] ?? '{}') as ExportEntryLine;
  edit(line);
  entries[index] = JSON.stringify(line);
  return withLines(entries);
}

test('the public key is served without an account and is the one the CLI prints', async () => {
  const served = await api.request<PublishedKey>('GET', '/v1/audit/public-key');
  assert.equal(served.status, 200);
  assert.equal(served.body.algorithm, 'Ed25519');
  assert.equal(served.body.publicKey, createArchiveSigner(api.stack.config.keys.auditSigning).publicKeyBase64);
  const printed = await runCli(['audit', 'public-key', '--json'], {
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUDIT_SIGNING_KEY: api.stack.config.keys.auditSigning.toString('base64'),
    },
  });
  assert.equal(printed.code, 0, printed.stderr);
  assert.deepEqual(JSON.parse(printed.stdout), served.body);
});

test('every exported entry carries the exact text its hash covers, microseconds included', () => {
  const entries = entryLines().map((l) => JSON.parse(l) as ExportEntryLine);
  assert.ok(entries.length >= 4);
  for (const entry of entries) {
    assert.equal(entryHash(entry.hashed), entry.hash);
    assert.match(entry.hashed.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(typeof entry.hashed.summary, 'string');
    assert.deepEqual(JSON.parse(entry.hashed.summary), entry.summary);
    assert.equal(entry.accountId, account.accountId);
  }
});

test('an untouched export verifies with the public key alone', () => {
  const result = verify(exported);
  assert.equal(result.valid, true);
  assert.equal(result.valid && result.entries, entryLines().length);
  assert.equal(result.valid && result.accountId, account.accountId);
});

test('`autrace audit verify --file --public-key` checks an export offline, with no database or signing key', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'autrace-audit-export-'));
  const file = path.join(dir, 'export.ndjson');
  await writeFile(file, exported);
  // No DATABASE_URL, no AUDIT_SIGNING_KEY: only the file and the public key.
  const intact = await runCli(['audit', 'verify', '--file', file, '--public-key', publicKey, '--json'], { env: {} });
  assert.equal(intact.code, 0, intact.stderr);
  assert.equal((JSON.parse(intact.stdout) as { valid: boolean }).valid, true);

  await writeFile(file, withLines(entryLines().slice(1)));
  const tampered = await runCli(['audit', 'verify', '--file', file, '--public-key', publicKey, '--json'], { env: {} });
  assert.equal(tampered.code, 2);
  assert.equal((JSON.parse(tampered.stdout) as { problem: string }).problem, 'entry_removed');
});

test('an edited row is named: its hash no longer matches its hashed text', () => {
  const result = verify(
    editEntry(1, (line) => {
      line.hashed.action = 'api_key.forged';
      line.action = 'api_key.forged';
    }),
  );
  assert.equal(problemOf(result), 'entry_edited');
  assert.equal(!result.valid && result.line, 2);
});

test('an edited row with its hash recomputed is named: the signed digest no longer matches', () => {
  const result = verify(
    editEntry(1, (line) => {
      line.hashed.summary = '{"forged": true}';
      line.summary = { forged: true };
      line.hashed.hash = entryHash(line.hashed);
      line.hash = line.hashed.hash;
    }),
  );
  assert.equal(problemOf(result), 'entry_edited');
});

test('a row whose shown fields differ from its hashed text is named as edited', () => {
  const result = verify(
    editEntry(0, (line) => {
      line.action = 'nothing.happened';
    }),
  );
  assert.equal(problemOf(result), 'entry_edited');
});

test('a deleted row is named: fewer entries than were signed', () => {
  const entries = entryLines();
  const result = verify(withLines([...entries.slice(0, 1), ...entries.slice(2)]));
  assert.equal(problemOf(result), 'entry_removed');
});

test('reordered rows are named at the first out of order', () => {
  const entries = entryLines();
  const [first, second, ...rest] = entries;
  assert.ok(first && second);
  const result = verify(withLines([second, first, ...rest]));
  assert.equal(problemOf(result), 'entries_reordered');
  assert.equal(!result.valid && result.line, 2);
});

test('a forged signature line is named: the count was changed without the key', () => {
  const all = lines(exported);
  const trailer = JSON.parse(all.at(-1) ?? '{}') as { entryCount: number };
  trailer.entryCount -= 1;
  const result = verify(`${[...all.slice(0, -1), JSON.stringify(trailer)].join('\n')}\n`);
  assert.equal(problemOf(result), 'signature_invalid');
});

test('an export checked with another public key is refused', () => {
  const otherKey = createArchiveSigner(Buffer.alloc(32, 7)).publicKeyBase64;
  const result = verify(exported, otherKey);
  assert.equal(problemOf(result), 'signature_invalid');
});

test('an export without its signature line is named as unsigned', () => {
  assert.equal(problemOf(verify(`${entryLines().join('\n')}\n`)), 'not_signed');
});
