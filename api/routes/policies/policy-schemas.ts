import { z } from 'zod';
import { policyRulesSchema } from '../../../platform/policies/policy-rules';

export const policySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    activeVersion: z.number().int().nullable().meta({ description: 'The version the gateway enforces' }),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Policy' });

export const policyVersionSchema = z
  .object({
    version: z.number().int(),
    rules: policyRulesSchema,
    ruleCount: z.number().int(),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'PolicyVersion' });

export const policyNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w .-]+$/, 'letters, digits, spaces, "_", "." or "-"');
