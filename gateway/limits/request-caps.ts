import { PATTERN_LIMITS } from '../../platform/policies/tenant-patterns';
import { GatewayError } from '../http/wire-errors';

/**
 * Bounds on what tenant patterns read per request: the model name (model globs)
 * and each content segment (regex and keyword rules, PII detection). Patterns
 * run in linear time; these caps make the constant. The model name is checked
 * before the model is looked up, so an overlong one is a 400 whether or not
 * anything serves it.
 */
export function checkModelName(model: string): void {
  if (model.length > PATTERN_LIMITS.modelNameChars)
    throw new GatewayError(
      'invalid_request',
      `The model name is longer than ${PATTERN_LIMITS.modelNameChars} characters`,
    );
}

export function checkRequestCaps(segments: readonly string[], maxSegmentChars: number): void {
  for (const segment of segments)
    if (segment.length > maxSegmentChars)
      throw new GatewayError('too_large', `A message part is longer than ${maxSegmentChars} characters`);
}
