import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

/**
 * The doors between the rooms are kept by the linter (eslint.config.js). Each
 * probe is linted as if it were a file in that folder; no file is written.
 */
const projectRoot = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({
  cwd: projectRoot,
  // The boundary rules read import specifiers only, so the probes need no type information.
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(projectRoot, file) });
  assert.ok(result, 'eslint returned no result');
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const wrongWay: Array<[file: string, source: string]> = [
  ['platform/audit/probe.ts', "import { startGateway } from '../../gateway/app';\nvoid startGateway;\n"],
  ['platform/audit/probe.ts', "import { createApp } from '../../api/app';\nvoid createApp;\n"],
  ['platform/probe.ts', "import { createActivities } from '../activities';\nvoid createActivities;\n"],
  [
    'platform/audit/probe.ts',
    "import type { accountDeletionWorkflow } from '../../workflows/account-deletion';\nexport type W = typeof accountDeletionWorkflow;\n",
  ],
  [
    'platform/audit/probe.ts',
    "import { cancelAccountDeletion } from '../../workflows/account-deletion-messages';\nvoid cancelAccountDeletion;\n",
  ],
  [
    'platform/temporal/probe.ts',
    "import { accountDeletionWorkflow } from '../../workflows/account-deletion';\nvoid accountDeletionWorkflow;\n",
  ],
  ['platform/temporal/probe.ts', "import * as workflows from '../../workflows';\nvoid workflows;\n"],
  ['platform/temporal/probe.ts', "import { createActivities } from '../../activities';\nvoid createActivities;\n"],
  ['gateway/proxy/probe.ts', "import { createApp } from '../../api/app';\nvoid createApp;\n"],
  ['gateway/probe.ts', "import { createActivities } from '../activities';\nvoid createActivities;\n"],
  ['gateway/probe.ts', "import * as workflows from '../workflows';\nvoid workflows;\n"],
  ['api/routes/probe.ts', "import { startGateway } from '../../gateway/app';\nvoid startGateway;\n"],
  [
    'api/routes/probe.ts',
    "import { accountDeletionWorkflow } from '../../workflows/account-deletion';\nvoid accountDeletionWorkflow;\n",
  ],
  ['api/probe.ts', "import { createActivities } from '../activities';\nvoid createActivities;\n"],
  ['api/probe.ts', "import { accountDeletionWorkflow } from '../workflows';\nvoid accountDeletionWorkflow;\n"],
  ['activities/probe.ts', "import { startGateway } from '../gateway/app';\nvoid startGateway;\n"],
  ['workflows/probe.ts', "import { createActivities } from '../activities';\nvoid createActivities;\n"],
  ['workflows/probe.ts', "import { createApp } from '../api/app';\nvoid createApp;\n"],
  ['api/web/src/pages/probe.ts', "import { apiRoutes } from '../../../routes';\nvoid apiRoutes;\n"],
  ['api/web/src/probe.ts', "import { loadConfig } from '../../../platform/config/config';\nvoid loadConfig;\n"],
  ['api/web/src/probe.ts', "import { createHash } from 'node:crypto';\nvoid createHash;\n"],
];

const rightWay: Array<[file: string, source: string]> = [
  ['api/web/src/pages/probe.ts', "import type { paths } from '../client/schema';\nexport type P = paths;\n"],
  ['gateway/probe.ts', "import { evaluatePolicy } from '../platform/policies/evaluate';\nvoid evaluatePolicy;\n"],
  [
    'api/routes/probe.ts',
    "import type { accountDeletionWorkflow } from '../../workflows/account-deletion';\nexport type W = typeof accountDeletionWorkflow;\n",
  ],
  [
    'api/routes/probe.ts',
    "import { cancelAccountDeletion } from '../../workflows/account-deletion-messages';\nvoid cancelAccountDeletion;\n",
  ],
  [
    'platform/temporal/probe.ts',
    "import type { accountDeletionWorkflow } from '../../workflows/account-deletion';\nexport type W = typeof accountDeletionWorkflow;\n",
  ],
  [
    'platform/temporal/probe.ts',
    "import { cancelAccountDeletion } from '../../workflows/account-deletion-messages';\nvoid cancelAccountDeletion;\n",
  ],
  [
    'platform/temporal/probe.ts',
    "import type * as workflows from '../../workflows';\nexport type W = keyof typeof workflows;\n",
  ],
  ['workflows/probe.ts', "import type { Activities } from '../activities';\nexport type A = Activities;\n"],
  ['activities/probe.ts', "import { recordAudit } from '../platform/audit/audit-trail';\nvoid recordAudit;\n"],
];

describe('import boundaries', () => {
  for (const [file, source] of wrongWay) {
    const target = /from '([^']+)'/.exec(source)?.[1] ?? '';
    test(`${path.dirname(file)}/ may not import ${target}`, async () => {
      const errors = await boundaryErrors(file, source);
      assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
    });
  }

  for (const [file, source] of rightWay) {
    const target = /from '([^']+)'/.exec(source)?.[1] ?? '';
    test(`${path.dirname(file)}/ may import ${source.startsWith('import type') ? 'the type of ' : ''}${target}`, async () => {
      assert.deepEqual(await boundaryErrors(file, source), []);
    });
  }
});
