/** Business failures of the lifecycle domain; activities turn them into non-retryable Temporal failures. */
export type LifecycleErrorCode =
  | 'AccountNotFound'
  | 'AccountAlreadyDeleted'
  | 'PolicyVersionNotFound'
  | 'PolicyEffectiveDateTooEarly'
  | 'PolicyVersionNotPending'
  | 'PolicyVersionExists';

export class LifecycleError extends Error {
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}
