import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNetworkGuard } from '../../../platform/provider-connections/network-guard';

const strict = createNetworkGuard({ allowPrivateNetworks: false, allowedHosts: [] });

describe('the SSRF guard of provider connections', () => {
  test('public addresses are allowed', () => {
    for (const address of ['1.1.1.1', '8.8.8.8', '203.0.113.9', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])
      assert.ok(strict.allowsAddress(address), address);
  });

  test('loopback, private, link-local, unique-local and IPv4-embedding IPv6 addresses are refused', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:1.1.1.1',
      '::127.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      'ff02::1',
    ])
      assert.ok(!strict.allowsAddress(address), address);
  });

  test('an operator’s allowed hosts and ranges pass, and everything passes when private networks are allowed', async () => {
    const guard = createNetworkGuard({
      allowPrivateNetworks: false,
      allowedHosts: ['10.20.0.0/16', 'fd00::5', 'localhost'],
    });
    assert.ok(guard.allowsAddress('10.20.1.1'));
    assert.ok(!guard.allowsAddress('10.21.1.1'));
    assert.ok(guard.allowsAddress('fd00::5'));
    await guard.checkBaseUrl('http://localhost:8000/v1');
    assert.ok(createNetworkGuard({ allowPrivateNetworks: true, allowedHosts: [] }).allowsAddress('127.0.0.1'));
  });

  test('a hostname is refused for what it resolves to, at creation and at connect', async () => {
    await assert.rejects(strict.checkBaseUrl('http://localhost:8000/v1'), /resolves to/);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      strict.lookup('localhost', { all: true }, (e) => resolve(e)),
    );
    assert.equal(error?.code, 'EPROVIDERADDRESS');
  });
});
