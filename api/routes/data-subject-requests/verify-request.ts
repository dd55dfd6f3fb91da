import { firstRegionKnowing } from '../../http/regional-lookup';
import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { accountMovingError } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { dsrTypeSchema, jurisdictionSchema } from './dsr-view';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  signalRequestVerified,
  startDataSubjectRequestWorkflow,
} from '../../../platform/temporal/data-subject-request-client';
import { verifyRequestToken } from '../../../platform/data-subject-requests/requests';

export const verifyRequestRoute = defineRoute({
  method: 'get',
  path: '/v1/public/data-subject-requests/verify',
  summary: 'Follow the e-mailed link: confirms the privacy request',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 20, windowSeconds: 3600 },
  request: { query: z.object({ token: z.string().min(20).max(200) }) },
  responses: {
    200: {
      description: 'Verified; we will answer by e-mail by the dates shown',
      schema: z.object({
        requestId: z.string(),
        verified: z.literal(true),
        type: dsrTypeSchema,
        jurisdiction: jurisdictionSchema,
        promisedDueAt: z.string().meta({ description: 'The date we promise to answer by' }),
        legalDueAt: z.string().meta({ description: 'The date the law requires an answer by' }),
      }),
    },
    404: { description: 'Unknown or already used verification link' },
    409: { description: 'The request is already verified' },
  },
  async handler({ query, deps }) {
    // The request lives in the region of the account its address belongs to (see the submission).
    let holder = deps.db;
    const result = await firstRegionKnowing(
      deps,
      async (_regional, db) => {
        holder = db;
        return verifyRequestToken(db, query.token, new Date());
      },
      (outcome) => !outcome.verified && outcome.reason === 'unknown',
    );
    if (!result.verified) {
      if (result.reason === 'unknown') throw new ApiError('NOT_FOUND', 'unknown or already used verification link');
      if (result.reason === 'account-moving') throw accountMovingError();
      if (result.reason === 'expired')
        throw new ApiError('BAD_REQUEST', 'the verification link has expired; please submit the request again');
      throw new ApiError('CONFLICT', 'the request is already verified');
    }
    // A public request's workflow starts only now: before verification, nothing but the e-mail went out.
    const client = await deps.temporal();
    try {
      await startDataSubjectRequestWorkflow(client, holder, deps.config, result.request);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // Submitted while public requests still started their workflow at once: it waits for this signal.
      await signalRequestVerified(client, result.request.id);
    }
    const { request } = result;
    return {
      status: 200,
      body: {
        requestId: request.id,
        verified: true as const,
        type: request.type,
        jurisdiction: request.jurisdiction,
        promisedDueAt: request.promised_due_at.toISOString(),
        legalDueAt: request.legal_due_at.toISOString(),
      },
    };
  },
});
