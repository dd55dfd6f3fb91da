import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import Stripe from 'stripe';
import { ApiError } from './api-error';

/**
 * A service the API calls failed, not the API: the client is told which one,
 * and whether trying again may help (503) or the provider refused (502).
 */
export function upstreamError(error: unknown): ApiError | null {
  if (error instanceof Stripe.errors.StripeConnectionError)
    return new ApiError('SERVICE_UNAVAILABLE', 'the billing provider (Stripe) is unreachable; try again later');
  if (error instanceof Stripe.errors.StripeError)
    return new ApiError('BAD_GATEWAY', `the billing provider (Stripe) refused the request (${error.type})`);
  if (error instanceof ServiceError || isGrpcServiceError(error))
    return new ApiError('SERVICE_UNAVAILABLE', 'the workflow service (Temporal) is unavailable; try again later');
  return null;
}
