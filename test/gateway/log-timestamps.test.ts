import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoTimestamp } from '../../gateway/logging/timestamps';

test('a log timestamp reads as Date.toISOString does, at every millisecond of a second and across seconds', () => {
  const base = Date.UTC(2026, 11, 31, 23, 59, 58);
  // Two seconds, a new year between them: the cached text of a second must not leak into the next.
  for (let offset = 0; offset < 3_000; offset++)
    assert.equal(isoTimestamp(base + offset), new Date(base + offset).toISOString());
});

test('a log timestamp of a time earlier than the last one asked for is still that time', () => {
  const later = Date.UTC(2026, 11, 7, 12, 0, 30, 500);
  assert.equal(isoTimestamp(later), '2026-12-07T12:00:30.500Z');
  assert.equal(isoTimestamp(later - 1_000), '2026-12-07T12:00:29.500Z');
  assert.equal(isoTimestamp(later - 1), '2026-12-07T12:00:30.499Z');
});
