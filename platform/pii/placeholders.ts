import type { PiiEntityType } from '../policies/policy-rules';

/**
 * Stable placeholders within one request: the same value always becomes the
 * same `[TYPE_n]`, so the model can still refer to "the same e-mail address",
 * and a response can be restored to the originals when the account allows it.
 */
export const PLACEHOLDER_PATTERN = /\[(?:EMAIL|PHONE|CARD|IBAN|SSN|IP|SECRET)_\d{1,6}\]/g;
/** Longest placeholder we emit; a stream must hold back at least this many characters to restore one split across chunks. */
export const MAX_PLACEHOLDER_LENGTH = '[SECRET_999999]'.length;

export class PlaceholderTable {
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<PiiEntityType, number>();
  readonly originals = new Map<string, string>();

  placeholderFor(type: PiiEntityType, value: string): string {
    const key = `${type}\u0000${value}`;
    const existing = this.byValue.get(key);
    if (existing) return existing;
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    const placeholder = `[${type}_${n}]`;
    this.byValue.set(key, placeholder);
    this.originals.set(placeholder, value);
    return placeholder;
  }

  get size(): number {
    return this.originals.size;
  }

  restore(text: string): string {
    if (this.originals.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER_PATTERN, (p) => this.originals.get(p) ?? p);
  }
}
