import { ApplicationFailure } from '@temporalio/common';
import { LifecycleError } from '../platform/lifecycle/lifecycle-errors';

/** Runs a lifecycle operation, turning its business errors into non-retryable failures (retrying cannot fix them). */
export async function withBusinessFailures<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof LifecycleError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
