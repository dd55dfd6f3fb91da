import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePolicy, evaluate, mergePolicies } from '../../../platform/policies/evaluate';
import { PatternScreen } from '../../../platform/policies/pattern-screen';
import { policyRulesSchema, type PolicyRuleInput } from '../../../platform/policies/policy-rules';
import { compileTenantRegex } from '../../../platform/policies/tenant-patterns';

const compile = (rules: PolicyRuleInput[]) => compilePolicy(policyRulesSchema.parse(rules));

/** Patterns whose meaning depends on where a text starts and ends, or on case. */
const PATTERNS = [
  { source: '^secret$', caseInsensitive: false },
  { source: '^Begin', caseInsensitive: true },
  { source: 'end\\.$', caseInsensitive: false },
  { source: '\\bword\\b', caseInsensitive: true },
  { source: '\\Bfix', caseInsensitive: false },
  { source: 'TICKET-\\d{6}', caseInsensitive: false },
  { source: 'drop\\s+table', caseInsensitive: true },
  { source: '^$', caseInsensitive: false },
  { source: 'é+t[eé]', caseInsensitive: true },
];

const SEGMENTS = [
  'secret',
  'a secret',
  'begin here',
  'BEGIN',
  ' begin',
  'the end.',
  'the end. ',
  'word',
  'swordfish',
  'a WORD.',
  'prefix',
  'fix',
  'ticket-123456',
  'TICKET-123456',
  'TICKET-12345',
  'DROP   TABLE users',
  'drop\ntable',
  '',
  'ÉTÉ',
  'été',
  'plain text with nothing in it',
];

describe('pattern screen', () => {
  test('never misses a pattern that matches one of the segments on its own', () => {
    const screen = PatternScreen.compile(PATTERNS);
    const alone = PATTERNS.map((p) => compileTenantRegex(p.source, { caseInsensitive: p.caseInsensitive }));
    // Every segment at every position among others: anchors and word boundaries next to the separator.
    for (const segment of SEGMENTS) {
      for (const [before, after] of [
        [[], []],
        [['word-x'], []],
        [[], ['x-word']],
        [
          ['end.', 'Begin'],
          ['secret', ''],
        ],
      ] as const) {
        const segments = [...before, segment, ...after];
        const answer = screen.mayMatch(segments);
        assert.ok(answer, 'the screen answers for these patterns');
        alone.forEach((regex, index) => {
          if (segments.some((s) => regex.test(s)))
            assert.ok(answer.includes(index), `${PATTERNS[index]?.source} in ${JSON.stringify(segments)}`);
        });
      }
    }
  });

  test('reports nothing for text none of the patterns match', () => {
    const screen = PatternScreen.compile(PATTERNS.slice(5, 7));
    assert.deepEqual(screen.mayMatch(['Summarise the meeting notes', 'the hiring plan']), []);
  });

  test('keeps each pattern its own case sensitivity', () => {
    const screen = PatternScreen.compile([
      { source: 'TICKET-\\d{6}', caseInsensitive: false },
      { source: 'project nightingale', caseInsensitive: true },
    ]);
    assert.deepEqual(screen.mayMatch(['ticket-123456 about Project NIGHTINGALE']), [1]);
    assert.deepEqual(screen.mayMatch(['TICKET-123456']), [0]);
  });

  test('answers "cannot tell" when RE2 refuses the set, so every rule runs', () => {
    assert.equal(PatternScreen.compile([{ source: '(', caseInsensitive: false }]).mayMatch(['anything']), null);
  });
});

describe('policy evaluation with a pattern screen', () => {
  test('an anchored block rule matches a later message part on its own', () => {
    const policy = compile([{ id: 'exact', type: 'regex', pattern: '^secret$', action: 'block' }]);
    assert.equal(evaluate(policy, { model: 'm', segments: ['hello', 'secret'] }).verdict, 'BLOCK');
    assert.equal(evaluate(policy, { model: 'm', segments: ['hello', 'a secret'] }).verdict, 'ALLOW');
  });

  test('a match only across two message parts does not count', () => {
    const policy = compile([{ id: 'span', type: 'regex', pattern: 'drop\\s+table', action: 'block' }]);
    const result = evaluate(policy, { model: 'm', segments: ['please drop', 'table of contents'] });
    assert.equal(result.verdict, 'ALLOW');
    assert.deepEqual(result.matchedRuleIds, []);
  });

  test('a later rule sees what an earlier redaction wrote', () => {
    const policy = compile([
      { id: 'codes', type: 'regex', pattern: 'PRJ-\\d+', action: 'redact' },
      { id: 'no-redacted-text', type: 'keyword', keywords: ['[REDACTED]'], caseInsensitive: false, action: 'block' },
    ]);
    const result = evaluate(policy, { model: 'm', segments: ['see PRJ-42'] });
    assert.deepEqual(result.matchedRuleIds, ['codes', 'no-redacted-text']);
    assert.equal(result.verdict, 'BLOCK');
  });

  test('rules of two merged policies are each screened by their own policy', () => {
    const first = compile([{ id: 'a', type: 'keyword', keywords: ['alpha'], action: 'block' }]);
    const second = compile([{ id: 'b', type: 'keyword', keywords: ['beta'], action: 'block' }]);
    const merged = mergePolicies([first, second]);
    assert.deepEqual(evaluate(merged, { model: 'm', segments: ['x', 'beta'] }).matchedRuleIds, ['b']);
    assert.deepEqual(evaluate(merged, { model: 'm', segments: ['alpha', 'x'] }).matchedRuleIds, ['a']);
  });
});
