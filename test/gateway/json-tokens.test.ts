import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonTokens, withTokens } from '../../gateway/proxy/json-tokens';

describe('JSON tokens of tool-call arguments', () => {
  test('keys, string values and numbers are tokens, numbers as their source digits', () => {
    const tokens = jsonTokens('{"a": [1, -2.5e+3, true, null], "b": {"c": "d"}, "big": 12345678901234567890}');
    assert.deepEqual(tokens?.texts, ['a', '1', '-2.5e+3', 'b', 'c', 'd', 'big', '12345678901234567890']);
  });

  test('escaped strings are decoded; empty strings are not tokens', () => {
    const tokens = jsonTokens('["a\\"b\\\\", "", "\\u00e9t\\u00e9", "x\\ny"]');
    assert.deepEqual(tokens?.texts, ['a"b\\', 'été', 'x\ny']);
  });

  test('text that is not a JSON object or array has no tokens', () => {
    assert.equal(jsonTokens('{"to": "a@example.com"'), null);
    assert.equal(jsonTokens('"just a string"'), null);
    assert.equal(jsonTokens('42'), null);
    assert.equal(jsonTokens('{"a": 1} trailing'), null);
  });

  test('only changed tokens are rewritten, as JSON strings; every other byte stays', () => {
    const source = '{ "card" :\t4111111111111111 ,"note":"a \\"quoted\\" word", "n": 7 }';
    const tokens = jsonTokens(source);
    assert.ok(tokens);
    const next = [...tokens.texts];
    next[1] = '[CARD_1]';
    next[3] = 'a "redacted" word';
    const written = withTokens(source, tokens, next, 0);
    assert.equal(written, '{ "card" :\t"[CARD_1]" ,"note":"a \\"redacted\\" word", "n": 7 }');
    assert.deepEqual(JSON.parse(written), { card: '[CARD_1]', note: 'a "redacted" word', n: 7 });
    assert.equal(withTokens(source, tokens, tokens.texts, 0), source);
  });
});
