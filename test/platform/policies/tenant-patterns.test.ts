import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { compilePolicy, evaluate } from '../../../platform/policies/evaluate';
import { policyRulesSchema } from '../../../platform/policies/policy-rules';
import { compileGlob, compileTenantRegex, testLinear } from '../../../platform/policies/tenant-patterns';

const CATASTROPHIC = ['^(a+)+$', '(x+x+)+y', '(a|a)*b'];

/** Backtracking needs 2^n steps on these inputs: even n = 32 ran past 20 s. A linear engine reads 1 MB in milliseconds. */
const LINEAR_BOUND_MS = 2_000;

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('tenant patterns', () => {
  for (const pattern of CATASTROPHIC) {
    test(`the pattern ${pattern} is accepted and reads 1 MB of its own near-miss within ${LINEAR_BOUND_MS} ms`, () => {
      const rules = policyRulesSchema.parse([{ id: 'evil', type: 'regex', pattern, action: 'block' }]);
      const policy = compilePolicy(rules);
      const nearMiss = pattern.includes('x') ? 'x'.repeat(1 << 20) : `${'a'.repeat(1 << 20)}!`;
      const ms = timed(() => evaluate(policy, { model: 'm', segments: [nearMiss] }));
      assert.ok(ms < LINEAR_BOUND_MS, `took ${ms.toFixed(0)} ms`);
    });
  }

  test('a glob with many stars matches a 1 MB model name within the bound, and still means what it says', () => {
    const matches = compileGlob('*a*a*a*a*a*a*b');
    assert.ok(timed(() => assert.equal(matches('a'.repeat(1 << 20)), false)) < LINEAR_BOUND_MS);
    assert.equal(matches('xaaaaaaab'), true);
    assert.equal(matches('aaaaab'), false);
    assert.equal(compileGlob('gpt-4o*')('gpt-4o-mini'), true);
    assert.equal(compileGlob('gpt-4o*')('xgpt-4o'), false);
    assert.equal(compileGlob('*-mini')('gpt-4o-mini'), true);
    assert.equal(compileGlob('a*a')('a'), false);
    assert.equal(compileGlob('claude-*-sonnet-*')('claude-3-5-sonnet-latest'), true);
    assert.equal(compileGlob('exact')('exact'), true);
  });

  test('backreferences and lookaround are refused, naming the rule and the reason', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', '(?<!a)b']) {
      const result = policyRulesSchema.safeParse([
        { id: 'needs-backtracking', type: 'regex', pattern, action: 'block' },
      ]);
      assert.equal(result.success, false, pattern);
      const message = result.error?.issues.map((i) => i.message).join('; ') ?? '';
      assert.match(message, /rule "needs-backtracking": cannot run in linear time/);
    }
  });

  test('a glob with more than ten stars, or keyword lists past their size, are refused', () => {
    assert.equal(
      policyRulesSchema.safeParse([{ id: 'g', type: 'model', mode: 'deny', models: ['*a'.repeat(11)] }]).success,
      false,
    );
    const keywords = Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(60, 'k'));
    assert.equal(policyRulesSchema.safeParse([{ id: 'k', type: 'keyword', keywords, action: 'block' }]).success, false);
  });

  test('case-insensitive keywords and Unicode patterns behave as before on the linear engine', () => {
    const policy = compilePolicy(
      policyRulesSchema.parse([
        { id: 'kw', type: 'keyword', keywords: ['project nightingale'], action: 'block' },
        { id: 'greek', type: 'regex', pattern: '\\p{Script=Greek}+', action: 'redact' },
        { id: 'ticket', type: 'regex', pattern: 'TICKET-\\d{6}', action: 'redact' },
      ]),
    );
    assert.deepEqual(evaluate(policy, { model: 'm', segments: ['About Project NIGHTINGALE'] }).matchedRuleIds, ['kw']);
    const redacted = evaluate(policy, { model: 'm', segments: ['see TICKET-123456 and αβγ, TICKET-654321'] });
    assert.deepEqual(redacted.redactedSegments, ['see [REDACTED] and [REDACTED], [REDACTED]']);
  });

  test("an ASCII text read from its Latin-1 bytes gets the same answer as the string, whatever the pattern's letters", () => {
    // Case folding across scripts (the Kelvin sign folds to k, the long s to s), Unicode classes, anchors.
    const patterns = ['\u212Aelvin', 'ſecret', '\\p{L}+\\d', '^TICKET-\\d{6}$', 'naïve', '\\bkey\\b', '.'];
    const texts = [
      'kelvin',
      'KELVIN',
      'secret',
      'SECRET',
      'abc1',
      'TICKET-123456',
      'naive',
      'naïve',
      'a key here',
      '',
      'x',
    ];
    for (const source of patterns)
      for (const caseInsensitive of [false, true]) {
        const pattern = compileTenantRegex(source, { caseInsensitive });
        const reference = compileTenantRegex(source, { caseInsensitive });
        for (const text of texts) {
          reference.lastIndex = 0;
          assert.equal(
            testLinear(pattern, text),
            reference.test(text),
            `${source} /${caseInsensitive ? 'i' : ''} on "${text}"`,
          );
        }
      }
  });
});
