import { z } from 'zod';
import { compilePolicy, evaluate, mergePolicies } from '../../../platform/policies/evaluate';
import { policyRulesSchema, type PolicyRule } from '../../../platform/policies/policy-rules';
import { defineRoute } from '../../http/define-route';

const message = z.object({ role: z.string().min(1).max(50), content: z.string().max(200_000) });

export const dryRunPolicyRoute = defineRoute({
  method: 'post',
  path: '/v1/policies/dry-run',
  summary: "Run the gateway's own policy evaluation on a sample request",
  description:
    "With `rules`, evaluates those (e.g. a draft version); without, the account's active policy versions, as the gateway would. " +
    'Nothing is stored or logged; the sample prompt never leaves the API.',
  tags: ['policies'],
  auth: 'user',
  rateLimit: { limit: 120, windowSeconds: 60 },
  request: {
    body: z.object({
      rules: policyRulesSchema.optional(),
      request: z.object({
        model: z.string().min(1).max(200),
        messages: z.array(message).min(1).max(500),
        maxTokens: z.number().int().positive().optional(),
      }),
    }),
  },
  responses: {
    200: {
      description: 'The verdict the gateway would reach',
      schema: z.object({
        verdict: z.enum(['ALLOW', 'BLOCK']),
        matchedRuleIds: z.array(z.string()),
        redacted: z.boolean().meta({ description: 'Whether a redact rule rewrote the prompt' }),
        redactedMessages: z
          .array(message)
          .meta({ description: 'The messages as they would be forwarded to the provider' }),
      }),
    },
  },
  async handler({ body, principal, deps }) {
    let ruleSets: PolicyRule[][];
    if (body.rules) ruleSets = [body.rules];
    else {
      const rows = await deps
        .db('policies as p')
        .join('policy_versions as v', function joinActive() {
          this.on('v.policy_id', '=', 'p.id').andOn('v.version', '=', 'p.active_version');
        })
        .where('p.account_id', principal.accountId)
        .orderBy('p.created_at')
        .select<Array<{ rules: unknown }>>('v.rules');
      // Stored versions were validated on the way in; parsing again applies the schema's defaults.
      ruleSets = rows.map((row) => policyRulesSchema.parse(row.rules));
    }
    const policy = mergePolicies(ruleSets.map((rules) => compilePolicy(rules)));
    const messages = body.request.messages;
    const result = evaluate(policy, {
      model: body.request.model,
      segments: messages.map((m) => m.content),
      maxTokens: body.request.maxTokens,
    });
    const segments = result.redactedSegments ?? messages.map((m) => m.content);
    return {
      status: 200,
      body: {
        verdict: result.verdict,
        matchedRuleIds: result.matchedRuleIds,
        redacted: result.redactedSegments !== null,
        redactedMessages: messages.map((m, i) => ({ role: m.role, content: segments[i] ?? '' })),
      },
    };
  },
});
