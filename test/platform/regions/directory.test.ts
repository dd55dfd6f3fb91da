import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createDataSubjectRequestActivities } from '../../../activities/data-subject-request';
import { createAccountWithOwner } from '../../../platform/accounts/accounts';
import { submitMemberRequest } from '../../../platform/data-subject-requests/requests';
import { DomainError } from '../../../platform/errors/domain-error';
import { directoryWrites, emailHmac, regionOfEmail } from '../../../platform/regions/directory';
import { createTestStack, type TestStack } from '../../support/stack';

describe('the global directory', () => {
  let stack: TestStack;
  const key = () => stack.config.regions.directory.emailKey;
  const directory = () => stack.deps.regions.directory;

  before(async () => {
    stack = await createTestStack();
  });
  after(async () => {
    await stack?.close();
  });

  test('an address is keyed trimmed and lower-cased, under the configured key only', () => {
    assert.deepEqual(emailHmac(key(), ' Ada@Example.TEST '), emailHmac(key(), 'ada@example.test'));
    assert.notDeepEqual(emailHmac(Buffer.alloc(32, 1), 'ada@example.test'), emailHmac(key(), 'ada@example.test'));
    assert.equal(emailHmac(key(), 'ada@example.test').length, 32);
  });

  test('entries written ahead of a failed regional transaction are deleted again', async () => {
    const writes = directoryWrites(stack.deps);
    const accountId = randomUUID();
    const email = `gone-${accountId.slice(0, 8)}@example.test`;
    await assert.rejects(
      writes.run(async () => {
        await writes.addAccount(accountId, 'us');
        await writes.addUser(email, accountId);
        await writes.addKeyPrefix(`p${accountId.slice(0, 11)}`, accountId);
        throw new Error('the regional commit failed');
      }),
      /the regional commit failed/,
    );
    assert.equal(await directory()('directory_accounts').where({ account_id: accountId }).first(), undefined);
    assert.equal(await directory()('directory_api_keys').where({ account_id: accountId }).first(), undefined);
    assert.equal(await regionOfEmail(directory(), key(), email), null);
  });

  test('an address listed for another account is taken; a repeat for the same account is not', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const email = `taken-${first.slice(0, 8)}@example.test`;
    await directoryWrites(stack.deps).addUser(email, first);
    await assert.rejects(
      directoryWrites(stack.deps).addUser(email.toUpperCase(), second),
      (error) => error instanceof DomainError && error.code === 'EmailTaken',
    );
    await assert.rejects(directoryWrites(stack.deps).addUser(email, first), DomainError);
    await directoryWrites(stack.deps).addUser(email, first, true);
  });

  test('a rectified address moves the user’s entry: sign-in finds the new one, the old one is gone', async () => {
    const email = `before-${randomUUID().slice(0, 8)}@example.test`;
    const corrected = `after-${randomUUID().slice(0, 8)}@example.test`;
    const { accountId, userId } = await createAccountWithOwner(
      stack.deps.db,
      stack.config.keys.master,
      {
        accountName: 'Rectified',
        ownerName: 'Owner',
        email,
        password: 'a long enough passphrase',
        plan: 'growth',
        region: 'us',
        directory: directoryWrites(stack.deps),
      },
      'owner',
    );
    assert.deepEqual(await regionOfEmail(directory(), key(), email), { region: 'us', accountId });
    const request = await submitMemberRequest(stack.database.db, {
      accountId,
      userId,
      type: 'rectification',
      jurisdiction: 'gdpr',
      details: { email: corrected },
      now: new Date(),
    });
    const activities = createDataSubjectRequestActivities(stack.deps);
    assert.deepEqual(await activities.rectifySubjectData(request.id), { fields: ['email'] });
    assert.equal(await regionOfEmail(directory(), key(), email), null);
    assert.deepEqual(await regionOfEmail(directory(), key(), corrected), { region: 'us', accountId });
    // A repeat (a retried activity) changes nothing.
    await activities.rectifySubjectData(request.id);
    assert.deepEqual(await regionOfEmail(directory(), key(), corrected), { region: 'us', accountId });
  });
});
