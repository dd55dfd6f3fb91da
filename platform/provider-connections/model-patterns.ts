/**
 * Which models a connection serves: each pattern is an exact model name, or a
 * prefix ending in `*` (`*` alone matches every model). When several of an
 * account's connections serve a model, the most specific pattern wins: an
 * exact name, then the longest prefix.
 */
export const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}\*?$|^\*$/;

/** How specifically `patterns` match `model`: -1 when they do not; an exact name beats any prefix. */
export function modelMatchSpecificity(patterns: readonly string[], model: string): number {
  let best = -1;
  for (const pattern of patterns) {
    if (pattern.endsWith('*')) {
      const prefix = pattern.slice(0, -1);
      if (prefix.length > best && model.startsWith(prefix)) best = prefix.length;
    } else if (pattern === model) return Number.MAX_SAFE_INTEGER;
  }
  return best;
}
