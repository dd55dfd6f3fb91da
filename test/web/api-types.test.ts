import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { renderWebApiTypes, WEB_API_TYPES_FILE } from '../../scripts/generate-web-api-types';

test("the web app's API types match the OpenAPI document the routes produce", async () => {
  const committed = await readFile(WEB_API_TYPES_FILE, 'utf8');
  assert.ok(
    committed === (await renderWebApiTypes()),
    'api/web/src/client/schema.d.ts is stale: run `npm run generate:web-types` and commit the result',
  );
});
