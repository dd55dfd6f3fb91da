/**
 * Business failures of the core: each surface maps them onto its own error
 * shape (the API onto a status, activities onto non-retryable Temporal failures).
 */
export type DomainErrorCode =
  | 'AccountNotFound'
  | 'AccountAlreadyDeleted'
  | 'AccountMoveRefused'
  | 'AccountMoveNotFound'
  | 'AccountMoving'
  | 'EmailTaken'
  | 'RegionNotInPlan'
  | 'PolicyVersionNotFound'
  | 'PolicyEffectiveDateTooEarly'
  | 'PolicyVersionNotPending'
  | 'PolicyVersionExists'
  | 'ProviderConnectionExists'
  | 'ProviderBaseUrlRefused'
  | 'ModelAliasExists'
  | 'ModelAliasTargetInvalid'
  | 'ApiKeyNotFound'
  | 'BudgetExists'
  | 'PriceVersionExists'
  | 'ExportNotFound'
  | 'ExportNotReady'
  | 'ExportExpired'
  | 'ExportedFullLogUnreadable'
  | 'ExportedFullLogsShredded';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
