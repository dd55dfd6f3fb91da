import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { toOpenApiPath } from '../../api/http/openapi-document';
import type { ApiRoute } from '../../api/http/define-route';
import { apiRoutes } from '../../api/routes';
import { projectRoot, toolPaths } from '../../scripts/bootstrap.mjs';
import { startFuzzStack, type FuzzStack } from '../support/fuzz-stack';

/**
 * schemathesis, as a third party would run it against /openapi.json: every
 * phase (examples, coverage, fuzzing, stateful), 50 examples per operation,
 * a fixed seed, once as each kind of caller. The checks are the contract:
 * no 5xx, no status the document does not list, 405 with Allow for any
 * other method.
 *
 * Public routes are fuzzed in the owner's run (they do not depend on the
 * caller); the member's and the operator's runs take the routes their role
 * may call. Left out, because they end the caller's own session or account
 * for the rest of the run: log-out, revoking a session, and requesting the
 * account's deletion (whose workflow also needs a worker to answer); their
 * own tests cover them.
 */
const EXAMPLES_PER_OPERATION = 50;
const SEED = 20261204;
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'unsupported_method'];
const SELF_ENDING = ['POST /v1/auth/logout', 'DELETE /v1/auth/sessions/{sessionId}', 'POST /v1/account/deletion'];
type Role = 'owner' | 'member' | 'operator';

const operationName = (route: ApiRoute) => `${route.method.toUpperCase()} ${toOpenApiPath(route.path)}`;

function fuzzedBy(route: ApiRoute, role: Role): boolean {
  if (role === 'owner') return route.auth !== 'operator';
  if (role === 'operator') return route.auth === 'operator';
  return route.auth === 'user' && (route.roles ?? ['member']).includes('member');
}

/**
 * The owner's operations are split into shards run side by side, each a
 * process of its own; a shard keeps a resource's routes together (by the path
 * segment after /v1) so the stateful phase can still chain them.
 */
const OWNER_SHARDS = 2;
const resourceOf = (route: ApiRoute) => route.path.split('/')[2] ?? '';
const resources = [...new Set(apiRoutes.map(resourceOf))].sort();
const shardOf = (route: ApiRoute) => resources.indexOf(resourceOf(route)) % OWNER_SHARDS;

function excludedFor(role: Role, shard: number): string[] {
  const left = apiRoutes.filter((route) => !fuzzedBy(route, role) || (role === 'owner' && shardOf(route) !== shard));
  return [...new Set([...SELF_ENDING, ...left.map(operationName)])];
}

let stack: FuzzStack;
let runs: Record<Role, Promise<FuzzRun[]>>;

before(async () => {
  stack = await startFuzzStack();
  // All runs at once, each its own process (a run's own worker threads trip the bug noted below).
  const owner = Array.from({ length: OWNER_SHARDS }, (_, shard) => runSchemathesis('owner', shard));
  runs = {
    owner: Promise.all(owner),
    member: Promise.all([runSchemathesis('member', 0)]),
    operator: Promise.all([runSchemathesis('operator', 0)]),
  };
});

after(async () => {
  await stack?.close();
});

interface FuzzRun {
  exitCode: number;
  output: string;
  generated: number;
}

function runSchemathesis(role: Role, shard: number): Promise<FuzzRun> {
  const args = [
    'run',
    `${stack.api.url}/openapi.json`,
    '--header',
    `Authorization: Bearer ${stack.tokens[role]}`,
    '--seed',
    String(SEED),
    '--max-examples',
    String(EXAMPLES_PER_OPERATION),
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--checks',
    CHECKS.join(','),
    // One worker: hypothesis's lambda-source reading is not thread-safe on Python 3.11 (an AST SystemError).
    '--workers',
    '1',
    '--no-color',
    ...excludedFor(role, shard).flatMap((name) => ['--exclude-name', name]),
  ];
  return new Promise((resolve, reject) => {
    // Asynchronous: the API under test answers from this same process.
    const child = spawn(toolPaths.schemathesis, args, {
      cwd: projectRoot,
      env: { ...process.env, SCHEMATHESIS_HOOKS: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const generated = Number(/(\d+) generated/.exec(output)?.[1] ?? 0);
      resolve({ exitCode: code ?? 1, output, generated });
    });
  });
}

for (const role of ['owner', 'member', 'operator'] as const) {
  test(`schemathesis finds no server error and no undocumented status as a fresh ${role}`, async () => {
    const shards = await runs[role];
    const generated = shards.reduce((sum, run) => sum + run.generated, 0);
    console.log(`schemathesis as ${role}: ${generated} cases generated`);
    for (const run of shards) {
      assert.ok(run.generated > 0, run.output.slice(-3000));
      assert.equal(run.exitCode, 0, run.output.slice(-6000));
    }
  });
}
