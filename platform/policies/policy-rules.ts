import { z } from 'zod';
import { keywordAlternation, PATTERN_LIMITS, tenantRegexProblem } from './tenant-patterns';

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

/** Checked for RE2 in policyRulesSchema, where the rule's id is known for the message. */
const regexPattern = z.string().min(1).max(PATTERN_LIMITS.regexChars);
const modelGlob = z
  .string()
  .min(1)
  .max(PATTERN_LIMITS.globChars)
  .refine(
    (glob) => glob.split('*').length - 1 <= PATTERN_LIMITS.globStars,
    `at most ${PATTERN_LIMITS.globStars} "*" in one model pattern`,
  );

export const policyRuleSchema = z.discriminatedUnion('type', [
  z.object({
    id: ruleId,
    type: z.literal('model'),
    /** allow: only these models pass; deny: these models are blocked. `*` matches any run of characters. */
    mode: z.enum(['allow', 'deny']),
    models: z.array(modelGlob).min(1).max(PATTERN_LIMITS.globsPerRule),
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
    keywords: z
      .array(z.string().min(1).max(PATTERN_LIMITS.keywordChars))
      .min(1)
      .max(PATTERN_LIMITS.keywordsPerRule)
      .refine(
        (keywords) => keywords.reduce((chars, k) => chars + k.length, 0) <= PATTERN_LIMITS.keywordListChars,
        `at most ${PATTERN_LIMITS.keywordListChars} characters of keywords in one rule`,
      ),
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
      const problem =
        rule.type === 'regex'
          ? tenantRegexProblem(rule.pattern, rule.caseInsensitive)
          : rule.type === 'keyword'
            ? tenantRegexProblem(keywordAlternation(rule.keywords), rule.caseInsensitive)
            : null;
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: [index, rule.type === 'regex' ? 'pattern' : 'keywords'],
          message: `rule "${rule.id}": ${problem}`,
        });
    });
  });

export type Verdict = 'ALLOW' | 'BLOCK';
