import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { createGatewayMetrics } from '../../gateway/observability/metrics';

/** The lines of one metric family in an exposition text (HELP, TYPE and samples). */
function family(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter(
      (line) => line.startsWith(name) || line.startsWith(`# HELP ${name} `) || line.startsWith(`# TYPE ${name} `),
    );
}

describe('gateway metrics', () => {
  const observations: Array<[string, number]> = [
    ['openai', 0.004],
    ['openai', 0.005],
    ['openai', 0.0051],
    ['openai', 0.3],
    ['anthropic', 1.2],
    ['openai', 75],
  ];

  test('render exactly what prom-client renders for the same counts and observations', async () => {
    const metrics = createGatewayMetrics({ spoolDepth: () => 3, queued: () => 5, keyLookups: () => 2 });
    metrics.countRequest('chat', 'openai', 200);
    metrics.countRequest('chat', 'openai', 200);
    metrics.countRequest('messages', 'anthropic', 502);
    metrics.countVerdict('ALLOW');
    metrics.countVerdict('BLOCK');
    metrics.countVerdict('ALLOW');
    for (const [provider, seconds] of observations) metrics.observeUpstream(provider, seconds);

    const reference = new Registry();
    const requests = new Counter({
      name: 'autrace_gateway_requests_total',
      help: 'Proxied requests',
      labelNames: ['endpoint', 'provider', 'status'],
      registers: [reference],
    });
    requests.inc({ endpoint: 'chat', provider: 'openai', status: '200' }, 2);
    requests.inc({ endpoint: 'messages', provider: 'anthropic', status: '502' });
    const verdicts = new Counter({
      name: 'autrace_gateway_verdicts_total',
      help: 'Policy verdicts',
      labelNames: ['verdict'],
      registers: [reference],
    });
    verdicts.inc({ verdict: 'ALLOW' }, 2);
    verdicts.inc({ verdict: 'BLOCK' });
    const latency = new Histogram({
      name: 'autrace_gateway_upstream_latency_seconds',
      help: 'Time to the upstream response headers',
      labelNames: ['provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [reference],
    });
    for (const [provider, seconds] of observations) latency.observe({ provider }, seconds);

    const ours = await metrics.registry.metrics();
    const theirs = await reference.metrics();
    for (const name of [
      'autrace_gateway_requests_total',
      'autrace_gateway_verdicts_total',
      'autrace_gateway_upstream_latency_seconds',
    ]) {
      const expected = family(theirs, name);
      assert.ok(expected.length > 2, `${name} has samples`);
      assert.deepEqual(family(ours, name), expected);
    }
    assert.match(ours, /^autrace_gateway_upstream_latency_seconds_bucket\{le="0.005",provider="openai"\} 2$/m);
    assert.match(ours, /^autrace_gateway_upstream_latency_seconds_count\{provider="openai"\} 5$/m);
    assert.match(ours, /^autrace_gateway_spool_depth 3$/m);
    assert.match(ours, /^autrace_gateway_key_lookups_total 2$/m);

    // Scraping again reports the same totals (collect replaces, it does not add).
    const again = await metrics.registry.metrics();
    for (const name of ['autrace_gateway_requests_total', 'autrace_gateway_upstream_latency_seconds'])
      assert.deepEqual(family(again, name), family(ours, name));
  });
});
