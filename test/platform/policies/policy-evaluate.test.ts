import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePolicy, evaluate } from '../../../platform/policies/evaluate';
import { OutputGate } from '../../../gateway/proxy/output-gate';
import { PlaceholderTable } from '../../../platform/pii/placeholders';
import { policyRulesSchema, type PolicyRuleInput } from '../../../platform/policies/policy-rules';

const compile = (rules: PolicyRuleInput[]) => compilePolicy(policyRulesSchema.parse(rules));

describe('policy evaluation', () => {
  test('an empty policy allows everything and rewrites nothing', () => {
    const result = evaluate(compile([]), { model: 'gpt-4o', segments: ['hello'] });
    assert.equal(result.verdict, 'ALLOW');
    assert.deepEqual(result.matchedRuleIds, []);
    assert.equal(result.redactedSegments, null);
  });

  test('model allow lists block other models; deny lists block listed ones; * is a wildcard', () => {
    const allow = compile([{ id: 'allow', type: 'model', mode: 'allow', models: ['gpt-4o*', 'claude-3-5-*'] }]);
    assert.equal(evaluate(allow, { model: 'gpt-4o-mini', segments: [] }).verdict, 'ALLOW');
    assert.equal(evaluate(allow, { model: 'claude-3-5-sonnet', segments: [] }).verdict, 'ALLOW');
    assert.deepEqual(evaluate(allow, { model: 'o1', segments: [] }).matchedRuleIds, ['allow']);
    const deny = compile([{ id: 'deny', type: 'model', mode: 'deny', models: ['o1'] }]);
    assert.equal(evaluate(deny, { model: 'o1', segments: [] }).verdict, 'BLOCK');
    assert.equal(evaluate(deny, { model: 'o1-mini', segments: [] }).verdict, 'ALLOW');
  });

  test('every matching rule is reported, in order, with one verdict', () => {
    const policy = compile([
      { id: 'size', type: 'prompt_size', maxChars: 10 },
      { id: 'kw', type: 'keyword', keywords: ['Secret Plan'], action: 'block' },
      { id: 'tokens', type: 'max_tokens', max: 100 },
      { id: 'rx', type: 'regex', pattern: 'never', action: 'block' },
    ]);
    const result = evaluate(policy, { model: 'm', segments: ['the secret plan is ready'], maxTokens: 500 });
    assert.equal(result.verdict, 'BLOCK');
    assert.deepEqual(result.matchedRuleIds, ['size', 'kw', 'tokens']);
  });

  test('prompt_size counts estimated tokens across segments', () => {
    const policy = compile([{ id: 'tok', type: 'prompt_size', maxTokens: 4 }]);
    assert.equal(evaluate(policy, { model: 'm', segments: ['abcdefghij', 'klmnopqrst'] }).verdict, 'BLOCK');
    assert.equal(evaluate(policy, { model: 'm', segments: ['short'] }).verdict, 'ALLOW');
  });

  test('redact rules rewrite segments with stable placeholders and do not block', () => {
    const policy = compile([
      { id: 'pii', type: 'pii', entities: ['EMAIL'], action: 'redact' },
      { id: 'code', type: 'regex', pattern: 'PRJ-\\d+', action: 'redact' },
    ]);
    const result = evaluate(policy, { model: 'm', segments: ['a@example.com wrote PRJ-42', 'cc a@example.com'] });
    assert.equal(result.verdict, 'ALLOW');
    assert.deepEqual(result.matchedRuleIds, ['pii', 'code']);
    assert.deepEqual(result.redactedSegments, ['[EMAIL_1] wrote [REDACTED]', 'cc [EMAIL_1]']);
    assert.equal(result.placeholders.restore('[EMAIL_1]'), 'a@example.com');
  });

  test('PII rules can block on entity types present', () => {
    const policy = compile([{ id: 'no-cards', type: 'pii', entities: ['CARD'], action: 'block' }]);
    assert.equal(evaluate(policy, { model: 'm', segments: ['card 4111 1111 1111 1111'] }).verdict, 'BLOCK');
    assert.equal(evaluate(policy, { model: 'm', segments: ['card 4111 1111 1111 1112'] }).verdict, 'ALLOW');
  });

  test('completion-only rules do not look at the prompt', () => {
    const policy = compile([
      { id: 'out', type: 'keyword', keywords: ['forbidden'], target: 'completion', action: 'block' },
    ]);
    assert.equal(evaluate(policy, { model: 'm', segments: ['forbidden'] }).verdict, 'ALLOW');
    assert.equal(policy.completionRules.length, 1);
  });
});

describe('the output gate (streamed completions)', () => {
  const feed = (gate: OutputGate, pieces: string[]) => {
    let out = '';
    for (const p of pieces) {
      const r = gate.push(p);
      if (r === null) return null;
      out += r;
    }
    const rest = gate.flush();
    return rest === null ? null : out + rest;
  };

  test('a blocked phrase split across chunks is caught before any of it is emitted', () => {
    const policy = compile([
      { id: 'kw', type: 'keyword', keywords: ['launch code'], target: 'completion', action: 'block' },
    ]);
    const gate = new OutputGate(policy.completionRules, null);
    let emitted = '';
    for (const piece of ['The la', 'unch', ' co', 'de is 1234']) {
      const r = gate.push(piece);
      if (r === null) break;
      emitted += r;
    }
    assert.deepEqual(gate.blockedBy, ['kw']);
    assert.ok(!emitted.includes('launch'), emitted);
  });

  test('a placeholder split across chunks is restored', () => {
    const table = new PlaceholderTable();
    table.placeholderFor('EMAIL', 'jane@example.com');
    const gate = new OutputGate([], table);
    assert.equal(feed(gate, ['Write to [EM', 'AIL_', '1] today']), 'Write to jane@example.com today');
  });

  test('a keyword split across chunks is redacted whole, every time it appears', () => {
    const policy = compile([{ id: 'kw', type: 'keyword', keywords: ['darn'], target: 'completion', action: 'redact' }]);
    const gate = new OutputGate(policy.completionRules, null);
    assert.equal(
      feed(gate, ['well da', 'rn it, DARN', ' again, darn']),
      'well [REDACTED] it, [REDACTED] again, [REDACTED]',
    );
  });

  test('the spans of a pattern that also matches empty text are its non-empty matches', () => {
    const policy = compile([{ id: 'rx', type: 'regex', pattern: 'a*', target: 'completion', action: 'redact' }]);
    const rule = policy.completionRules[0];
    assert.deepEqual(rule?.spans('baab'), [[1, 3]]);
    assert.deepEqual(rule?.spans('\u{1F600}aa\u{1F600}a'), [
      [2, 4],
      [6, 7],
    ]);
    assert.deepEqual(rule?.spans('bbb'), []);
  });

  test('output redaction applies across chunk boundaries', () => {
    const policy = compile([{ id: 'pii', type: 'pii', entities: ['EMAIL'], target: 'completion', action: 'redact' }]);
    const gate = new OutputGate(policy.completionRules, null);
    assert.equal(feed(gate, ['mail bob@exa', 'mple.com now']), 'mail [EMAIL] now');
  });
});
