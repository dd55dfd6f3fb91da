import { PATTERN_LIMITS } from '../../platform/policies/tenant-patterns';
import { GatewayError } from '../http/wire-errors';

/**
 * Bounds on what tenant patterns read per request: the model name (model globs)
 * and each content segment (regex and keyword rules, PII detection). Patterns
 * run in linear time; these caps make the constant.
 */
export function checkRequestCaps(model: string, segments: readonly string[], maxSegmentChars: number): void {
  if (model.length > PATTERN_LIMITS.modelNameChars)
    throw new GatewayError(
      'invalid_request',
      `The model name is longer than ${PATTERN_LIMITS.modelNameChars} characters`,
    );
  for (const segment of segments)
    if (segment.length > maxSegmentChars)
      throw new GatewayError('too_large', `A message part is longer than ${maxSegmentChars} characters`);
}
