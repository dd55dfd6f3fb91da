import { z } from 'zod';

/**
 * The policy rule language, shared by the API (which validates and stores
 * versions) and the gateway (which compiles and enforces them). A policy is an
 * ordered list of rules; the gateway evaluates every active policy of an
 * account, rules in order, and reports the IDs of the rules that matched.
 */
export const PII_ENTITY_TYPES = ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'SSN', 'IP', 'SECRET'] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

const ruleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "_", "." or "-", at most 64 characters');

/** What text a content rule looks at: the request's prompt, the model's output, or both. */
const target = z.enum(['prompt', 'completion', 'both']).default('prompt');

const regexPattern = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    }
  });

export const policyRuleSchema = z.discriminatedUnion('type', [
  z.object({
    id: ruleId,
    type: z.literal('model'),
    /** allow: only these models pass; deny: these models are blocked. `*` matches any run of characters. */
    mode: z.enum(['allow', 'deny']),
    models: z.array(z.string().min(1).max(200)).min(1).max(200),
  }),
  z.object({
    id: ruleId,
    type: z.literal('regex'),
    pattern: regexPattern,
    caseInsensitive: z.boolean().default(false),
    target,
    action: z.enum(['block', 'redact']),
  }),
  z.object({
    id: ruleId,
    type: z.literal('keyword'),
    keywords: z.array(z.string().min(1).max(200)).min(1).max(1000),
    caseInsensitive: z.boolean().default(true),
    target,
    action: z.enum(['block', 'redact']),
  }),
  z.object({
    id: ruleId,
    type: z.literal('pii'),
    entities: z.array(z.enum(PII_ENTITY_TYPES)).min(1),
    target,
    action: z.enum(['block', 'redact']),
  }),
  z.object({
    id: ruleId,
    type: z.literal('prompt_size'),
    /** Upper bound on the prompt's characters and/or estimated tokens. */
    maxChars: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
  }),
  z.object({
    id: ruleId,
    type: z.literal('max_tokens'),
    /** Upper bound on the completion tokens a request may ask for (max_tokens / max_completion_tokens). */
    max: z.number().int().positive(),
  }),
]);

export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type PolicyRuleInput = z.input<typeof policyRuleSchema>;

export const policyRulesSchema = z
  .array(policyRuleSchema)
  .max(500)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
      if (rule.type === 'prompt_size' && rule.maxChars === undefined && rule.maxTokens === undefined)
        ctx.addIssue({ code: 'custom', path: [index], message: 'prompt_size needs maxChars or maxTokens' });
    });
  });

export type Verdict = 'ALLOW' | 'BLOCK';
