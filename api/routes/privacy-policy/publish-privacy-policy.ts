import { z } from 'zod';
import { DomainError } from '../../../platform/errors/domain-error';
import { publishPrivacyPolicyVersion } from '../../../platform/privacy-policy/privacy-policy';
import { regionsByDatabase } from '../../../platform/regions/regional-databases';
import { startPrivacyPolicyNotices } from '../../../platform/temporal/privacy-policy-client';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { timestampSchema } from '../../http/common-schemas';

export const publishPrivacyPolicyRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/privacy-policy/versions',
  summary:
    'Publish a privacy-policy version: every user is notified, and it takes effect on its date (at least 14 days away)',
  tags: ['operator', 'privacy-policy'],
  auth: 'operator',
  request: {
    body: z.object({
      version: z.string().trim().min(1).max(64),
      summary: z.string().trim().min(1).max(4_000),
      body: z.string().min(1).max(500_000),
      effectiveAt: timestampSchema,
    }),
  },
  responses: {
    201: {
      description: 'Published; notices are going out',
      schema: z.object({ versionId: z.string(), workflowId: z.string(), effectiveAt: z.string() }),
    },
    409: { description: 'A version with this effective date exists' },
  },
  async handler({ body, principal, deps }) {
    try {
      const version = await publishPrivacyPolicyVersion(deps.db, {
        ...body,
        effectiveAt: new Date(body.effectiveAt),
        publishedBy: principal.userId,
        now: new Date(),
      });
      const { workflowId } = await startPrivacyPolicyNotices(await deps.temporal(), {
        versionId: version.id,
        region: deps.config.s3.auditArchivePrimaryRegion,
        regions: regionsByDatabase(deps.config),
      });
      return {
        status: 201,
        body: { versionId: version.id, workflowId, effectiveAt: version.effectiveAt.toISOString() },
      };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PolicyEffectiveDateTooEarly')
        throw new ApiError('BAD_REQUEST', error.message);
      if (error instanceof DomainError && error.code === 'PolicyVersionExists')
        throw new ApiError('CONFLICT', error.message);
      throw error;
    }
  },
});
