import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../platform/errors/domain-error';

/** Runs a lifecycle operation, turning its business errors into non-retryable failures (retrying cannot fix them). */
export async function withBusinessFailures<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
