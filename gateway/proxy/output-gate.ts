import { MAX_PLACEHOLDER_LENGTH, PLACEHOLDER_PATTERN, type PlaceholderTable } from '../../platform/pii/placeholders';
import type { CompiledContentRule } from '../../platform/policies/evaluate';

/**
 * Applies output rules and placeholder restore to a completion that arrives
 * in pieces. It holds back the last `holdBack` characters, so a match (or a
 * placeholder) split across two chunks is seen whole before any of it is
 * emitted, without buffering the whole response. Regex rules, whose matches
 * have no length bound, are guaranteed only up to MAX_REGEX_HOLD_BACK.
 */
const MAX_REGEX_HOLD_BACK = 256;

export class OutputGate {
  private pending = '';
  private readonly holdBack: number;
  private readonly blockRules: CompiledContentRule[];
  private readonly redactRules: CompiledContentRule[];
  blockedBy: string[] = [];
  readonly matchedRuleIds = new Set<string>();

  constructor(
    rules: readonly CompiledContentRule[],
    private readonly placeholders: PlaceholderTable | null,
  ) {
    this.blockRules = rules.filter((r) => r.action === 'block');
    this.redactRules = rules.filter((r) => r.action === 'redact');
    let hold = placeholders ? MAX_PLACEHOLDER_LENGTH : 0;
    for (const rule of rules) hold = Math.max(hold, Math.min(rule.maxMatchLength, MAX_REGEX_HOLD_BACK));
    this.holdBack = hold;
  }

  /** Text that may be sent now, or null when a block rule matched (stop the stream). */
  push(text: string): string | null {
    this.pending += text;
    if (this.isBlocked()) return null;
    let boundary = this.pending.length - this.holdBack;
    if (boundary <= 0) return '';
    boundary = this.safeBoundary(boundary);
    const out = this.pending.slice(0, boundary);
    this.pending = this.pending.slice(boundary);
    return this.transform(out);
  }

  /** The rest, at the end of the completion (or null when blocked). */
  flush(): string | null {
    if (this.isBlocked()) return null;
    const out = this.pending;
    this.pending = '';
    return this.transform(out);
  }

  /** Whole-text form for non-streamed responses. */
  apply(text: string): string | null {
    this.pending = text;
    return this.flush();
  }

  private isBlocked(): boolean {
    for (const rule of this.blockRules) {
      if (rule.matches(this.pending)) {
        this.blockedBy.push(rule.id);
        this.matchedRuleIds.add(rule.id);
      }
    }
    return this.blockedBy.length > 0;
  }

  /** Moves the cut back to the start of any redaction match or placeholder it would split. */
  private safeBoundary(boundary: number): number {
    let cut = boundary;
    for (const rule of this.redactRules)
      for (const [start, end] of rule.spans(this.pending)) if (start < cut && cut < end) cut = start;
    if (this.placeholders) {
      PLACEHOLDER_PATTERN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = PLACEHOLDER_PATTERN.exec(this.pending)) !== null)
        if (m.index < cut && cut < m.index + m[0].length) cut = m.index;
    }
    return cut;
  }

  private transform(text: string): string {
    let out = text;
    for (const rule of this.redactRules) {
      const next = rule.redact(out, null);
      if (next !== out) this.matchedRuleIds.add(rule.id);
      out = next;
    }
    // Restore last: the caller's own values come back; the model's own PII stays redacted.
    return this.placeholders ? this.placeholders.restore(out) : out;
  }
}
