/**
 * The gateway's per-request stages in process (not a test): what each costs in CPU time on the
 * benchmark's bodies (scripts/bench-gateway-bodies.ts) and the fake provider's answers to them.
 * CPU time (process.cpuUsage) over many iterations, so a busy machine changes the figures little.
 *
 *   npm run bench:gateway-stages
 *   npm run bench:gateway-stages -- --baseline /tmp/autrace-main    (a checkout of another commit)
 *
 * With `--baseline`, the same stages of that tree run in the same process, alternating block by
 * block with this tree's, and the output gives the ratio (this tree ÷ baseline) per stage.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeProvider } from '../gateway/providers/fake/fake-server';
import { BENCH_RULES, chatBody, responsesBody, toolCallingBody } from './bench-gateway-bodies';
import { projectRoot } from './bootstrap.mjs';

type Json = Record<string, unknown>;
interface View {
  segments: string[];
  write(segments: readonly string[]): void;
}
interface Spec {
  prompt(body: Json): View;
  completion(response: Json): View;
  maxTokens(body: Json): number | undefined;
  usage(response: Json): unknown;
}
interface Gate {
  apply(text: string): string | null;
}
/** The modules of one tree that the stages call. */
interface Tree {
  name: string;
  compilePolicy(rules: unknown): { completionRules: unknown[] };
  evaluate(policy: unknown, request: { model: string; segments: string[]; maxTokens?: number }): unknown;
  specs: Record<string, Spec>;
  OutputGate: new (rules: unknown[], placeholders: null) => Gate;
  requestRowsCopyText(rows: unknown[]): string;
  rateLimitHeaders(format: 'openai', state: unknown): Record<string, string>;
  apiKeySecretMatches(secret: string, stored: Buffer): boolean;
  hashApiKeySecret(secret: string): string;
  isoTimestamp(): string;
}

async function loadTree(root: string, name: string): Promise<Tree> {
  const load = (file: string) => import(pathToFileURL(path.join(root, file)).href) as Promise<Record<string, unknown>>;
  const evaluate = await load('platform/policies/evaluate.ts');
  const endpoints = await load('gateway/proxy/endpoints.ts');
  const gate = await load('gateway/proxy/output-gate.ts');
  const rows = await load('gateway/logging/request-rows-insert.ts');
  const errors = await load('gateway/http/wire-errors.ts');
  const keys = await load('platform/crypto/api-keys.ts');
  // A log row's timestamp: its own module where the tree has one, else what the request handler called.
  const timestamps = await load('gateway/logging/timestamps.ts').catch(() => ({
    isoTimestamp: () => new Date().toISOString(),
  }));
  return {
    name,
    compilePolicy: evaluate.compilePolicy as Tree['compilePolicy'],
    evaluate: evaluate.evaluate as Tree['evaluate'],
    specs: { chat: endpoints.chatCompletions as Spec, responses: endpoints.responses as Spec },
    OutputGate: gate.OutputGate as Tree['OutputGate'],
    requestRowsCopyText: rows.requestRowsCopyText as Tree['requestRowsCopyText'],
    rateLimitHeaders: errors.rateLimitHeaders as Tree['rateLimitHeaders'],
    apiKeySecretMatches: keys.apiKeySecretMatches as Tree['apiKeySecretMatches'],
    hashApiKeySecret: keys.hashApiKeySecret as Tree['hashApiKeySecret'],
    isoTimestamp: timestamps.isoTimestamp as Tree['isoTimestamp'],
  };
}

interface Kind {
  name: string;
  spec: 'chat' | 'responses';
  request: Buffer;
  response: Buffer;
}

/** The fake provider's non-streamed answers to the benchmark's bodies, as the gateway receives them. */
async function answers(): Promise<Kind[]> {
  const fake = await startFakeProvider({ port: 0, host: '127.0.0.1' });
  const ask = async (p: string, body: Buffer) => {
    const response = await fetch(`${fake.url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return Buffer.from(await response.arrayBuffer());
  };
  const kinds: Kind[] = [];
  for (const [name, spec, p, make] of [
    ['chat', 'chat', '/v1/chat/completions', chatBody],
    ['tool calls', 'chat', '/v1/chat/completions', toolCallingBody],
    ['responses', 'responses', '/v1/responses', responsesBody],
  ] as const) {
    const request = make(false);
    kinds.push({ name, spec, request, response: await ask(p, request) });
  }
  await fake.close();
  return kinds;
}

const STATE = {
  limitRequests: 10_000,
  remainingRequests: 9_999,
  resetRequestsMs: 6,
  limitTokens: 2_000_000,
  remainingTokens: 1_999_000,
  resetTokensMs: 30,
  retryAfterMs: 0,
};

/** The stages of one request of `kind` on `tree`, each a function run many times. */
function stages(tree: Tree, kind: Kind): Array<[string, () => unknown]> {
  const policy = tree.compilePolicy(BENCH_RULES);
  const spec = tree.specs[kind.spec] as Spec;
  // Fresh strings for every call, as requests bring them: RE2 keeps its UTF-8 copy of the last string it
  // read, which would flatter a stage called on the same string again and again.
  const copies = Array.from({ length: 64 }, () => JSON.parse(kind.request.toString('utf8')) as Json);
  const segmentCopies = copies.map((copy) => spec.prompt(copy).segments);
  let n = 0;
  const body = copies[0] as Json;
  const fresh = () => (n = (n + 1) & 63);
  const secret = 'Q2hhbmdlIG1lIGZvciBhIHJlYWwgc2VjcmV0IGtleSBwbGVhc2U';
  const stored = Buffer.from(tree.hashApiKeySecret(secret), 'hex');
  const row = {
    id: randomUUID(),
    created_at: new Date().toISOString(),
    account_id: randomUUID(),
    api_key_id: randomUUID(),
    endpoint: '/v1/chat/completions',
    provider: 'fake',
    model: 'fake-chat',
    verdict: 'ALLOW',
    matched_rule_ids: [],
    prompt_tokens: 512,
    completion_tokens: 120,
    tokens_estimated: false,
    latency_ms: 3,
    status: 200,
    streamed: false,
    client_disconnected: false,
  };
  return [
    ['auth (key hash)', () => tree.apiKeySecretMatches(secret, stored)],
    ['parse body', () => JSON.parse(kind.request.toString('utf8')) as unknown],
    ['prompt walk', () => spec.prompt(copies[fresh()] as Json)],
    [
      'evaluate',
      () =>
        tree.evaluate(policy, {
          model: 'fake-chat',
          segments: segmentCopies[fresh()] as string[],
          maxTokens: spec.maxTokens(body),
        }),
    ],
    [
      'output rules',
      () => {
        // completeBuffered: the answer parsed, its texts gated one by one.
        const json = JSON.parse(kind.response.toString('utf8')) as Json;
        spec.usage(json);
        const gate = new tree.OutputGate(policy.completionRules, null);
        for (const text of spec.completion(json).segments) gate.apply(text);
      },
    ],
    ['limit headers', () => tree.rateLimitHeaders('openai', STATE)],
    ['id and time', () => [randomUUID(), tree.isoTimestamp()]],
    ['log row (COPY text)', () => tree.requestRowsCopyText([{ ...row, matched_rule_ids: [] }])],
  ];
}

/** CPU µs per call of `fn` over `iterations` calls. */
function cpuUsPerCall(fn: () => unknown, iterations: number): number {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--baseline');
  const baselineRoot = at > 0 ? process.argv[at + 1] : undefined;
  const trees = [await loadTree(projectRoot, 'this tree')];
  if (baselineRoot) trees.push(await loadTree(path.resolve(baselineRoot), 'baseline'));
  const kinds = await answers();
  const blocks = Number(process.env.BENCH_BLOCKS ?? 15);
  const iterations = 2_000;
  console.log(
    `gateway stages, CPU µs per request (median of ${blocks} blocks of ${iterations} calls${baselineRoot ? `; baseline ${baselineRoot}` : ''})`,
  );
  for (const kind of kinds) {
    const perTree = trees.map((tree) => stages(tree, kind));
    const times = perTree.map((list) => list.map(() => [] as number[]));
    for (const list of perTree) for (const [, fn] of list) cpuUsPerCall(fn, iterations * 3); // warm-up
    for (let b = 0; b < blocks; b++)
      perTree.forEach((list, t) =>
        list.forEach(([, fn], s) => (times[t] as number[][])[s]?.push(cpuUsPerCall(fn, iterations))),
      );
    console.log(`\n${kind.name} (request ${kind.request.length} B, answer ${kind.response.length} B)`);
    let totals = trees.map(() => 0);
    (perTree[0] ?? []).forEach(([stage], s) => {
      const medians = times.map((t) => median(t[s] ?? []));
      totals = totals.map((x, t) => x + (medians[t] ?? 0));
      const cells = medians.map((m) => `${m.toFixed(2).padStart(7)} µs`).join(' ');
      const ratio = medians.length > 1 ? `  ×${((medians[0] ?? 0) / (medians[1] ?? 1)).toFixed(2)}` : '';
      console.log(`  ${stage.padEnd(22)}${cells}${ratio}`);
    });
    const ratio = totals.length > 1 ? `  ×${((totals[0] ?? 0) / (totals[1] ?? 1)).toFixed(2)}` : '';
    console.log(`  ${'sum'.padEnd(22)}${totals.map((m) => `${m.toFixed(2).padStart(7)} µs`).join(' ')}${ratio}`);
  }
}

await main();
