import { useEffect, useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';

type Rules = paths['/v1/policies']['post']['requestBody']['content']['application/json']['rules'];
type DryRun = paths['/v1/policies/dry-run']['post']['responses'][200]['content']['application/json'];

const EXAMPLE_RULES = [{ id: 'no-secrets', type: 'keyword', keywords: ['project x'], action: 'block' }];

/**
 * The editor's text as rules: JSON syntax is checked here, the rules
 * themselves by the API with the schema the gateway enforces (dry-run and
 * publish answer 400 naming the field).
 */
function parseRules(text: string): { rules: Rules } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return { error: 'The rules must be a JSON list: [ { … }, … ].' };
    return { rules: value as Rules };
  } catch (error) {
    return { error: `The rules are not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function DryRunResult({ result }: { result: DryRun }) {
  return (
    <div role="status" class={result.verdict === 'BLOCK' ? 'error' : 'notice'}>
      <p>
        Verdict: <strong>{result.verdict === 'BLOCK' ? 'Blocked' : 'Allowed'}</strong>
        {result.matchedRuleIds.length > 0 && <> · matched rules: {result.matchedRuleIds.join(', ')}</>}
        {result.redacted && ' · the prompt would be redacted'}
      </p>
      {result.redacted && (
        <pre aria-label="Prompt as forwarded">
          {result.redactedMessages.map((m) => `${m.role}: ${m.content}`).join('\n')}
        </pre>
      )}
    </div>
  );
}

function Policies() {
  const list = useApi(() => unwrap(api.GET('/v1/policies')));
  const policy = list.data?.policies[0] ?? null;
  const detail = useApi(
    () =>
      policy
        ? unwrap(api.GET('/v1/policies/{policyId}', { params: { path: { policyId: policy.id } } }))
        : Promise.resolve(null),
    [policy?.id, policy?.activeVersion],
  );
  const [text, setText] = useState(JSON.stringify(EXAMPLE_RULES, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const [model, setModel] = useState('gpt-4o-mini');
  const [prompt, setPrompt] = useState('Tell me about project x');
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [published, setPublished] = useState<string | null>(null);

  const active = detail.data?.versions.find((v) => v.version === detail.data?.policy.activeVersion);
  useEffect(() => {
    if (active) setText(JSON.stringify(active.rules, null, 2));
  }, [active?.version]);

  const withRules =
    <T,>(use: (rules: Rules) => Promise<T>) =>
    async () => {
      const parsed = parseRules(text);
      if ('error' in parsed) {
        setParseError(parsed.error);
        return undefined;
      }
      setParseError(null);
      return use(parsed.rules);
    };
  const test = useAction(
    withRules(async (rules) => {
      setDryRun(
        await unwrap(
          api.POST('/v1/policies/dry-run', {
            body: { rules, request: { model, messages: [{ role: 'user', content: prompt }] } },
          }),
        ),
      );
    }),
  );
  const publish = useAction(
    withRules(async (rules) => {
      const result = policy
        ? await unwrap(
            api.POST('/v1/policies/{policyId}/versions', {
              params: { path: { policyId: policy.id } },
              body: { rules, activate: true },
            }),
          )
        : await unwrap(api.POST('/v1/policies', { body: { name: 'default', rules } }));
      setPublished(`Version ${result.version.version} is published and active.`);
      list.reload();
      detail.reload();
    }),
  );
  const activate = useAction(async (version: number) => {
    if (!policy) return;
    await unwrap(
      api.PUT('/v1/policies/{policyId}/active-version', {
        params: { path: { policyId: policy.id } },
        body: { version },
      }),
    );
    setPublished(`Version ${version} is now active.`);
    list.reload();
  });

  if (list.error) return <ErrorMessage error={list.error} />;
  if (!list.data) return <Loading what="policies" />;
  return (
    <>
      <p>
        {policy
          ? `Policy "${policy.name}": version ${policy.activeVersion ?? 'none'} is enforced by the gateway.`
          : 'No policy yet: every request is allowed. Publish rules to create one.'}
      </p>
      <h2>Rules</h2>
      <label>
        Rules (JSON; each rule has an id, a type — model, regex, keyword, pii, prompt_size, max_tokens — and its fields)
        <textarea rows={14} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} />
      </label>
      <ErrorMessage error={parseError} />
      <h2>Dry run</h2>
      <div class="inline-form">
        <label>
          Model
          <input value={model} onInput={(e) => setModel(e.currentTarget.value)} />
        </label>
        <label>
          Sample prompt
          <input value={prompt} onInput={(e) => setPrompt(e.currentTarget.value)} />
        </label>
        <button type="button" class="secondary" disabled={test.busy} onClick={() => void test.run()}>
          Dry-run these rules
        </button>
      </div>
      <ErrorMessage error={test.error} />
      {dryRun && <DryRunResult result={dryRun} />}
      <div class="actions">
        <button type="button" disabled={publish.busy} onClick={() => void publish.run()}>
          Publish and activate
        </button>
      </div>
      <ErrorMessage error={publish.error ?? activate.error} />
      {published && <Notice>{published}</Notice>}
      <h2>Versions</h2>
      <ErrorMessage error={detail.error} />
      {detail.data && (
        <TableScroll label="Policy versions">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Rules</th>
                <th scope="col">Published</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {detail.data.versions.map((version) => (
                <tr key={version.version}>
                  <td>{version.version}</td>
                  <td>{version.ruleCount}</td>
                  <td>{formatDateTime(version.createdAt)}</td>
                  <td>
                    {version.version === detail.data?.policy.activeVersion ? (
                      'Active'
                    ) : (
                      <button type="button" class="secondary" onClick={() => void activate.run(version.version)}>
                        Activate version {version.version}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export const PoliciesPage = () => (
  <SignedIn title="Policies" roles={['owner', 'admin']}>
    {() => <Policies />}
  </SignedIn>
);
