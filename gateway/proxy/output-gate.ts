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

/**
 * What the gated text is: plain text, or the text of a JSON document (tool-call
 * arguments as they stream), where a restored original must be escaped to stay
 * inside its string literal (a private key's line breaks, a quote).
 */
export type GateEncoding = 'text' | 'json';

/** A policy's output rules split by action, with the hold-back they need: computed once per rule list. */
interface RuleSplit {
  blockRules: readonly CompiledContentRule[];
  redactRules: readonly CompiledContentRule[];
  /** The longest match a rule holds back for (regex rules capped), without placeholders. */
  ruleHoldBack: number;
}
const splits = new WeakMap<readonly CompiledContentRule[], RuleSplit>();

/** A gate per completion, and per piece of a stream: the split is shared by every gate of the same policy. */
function splitOf(rules: readonly CompiledContentRule[]): RuleSplit {
  let split = splits.get(rules);
  if (!split) {
    let hold = 0;
    for (const rule of rules) hold = Math.max(hold, Math.min(rule.maxMatchLength, MAX_REGEX_HOLD_BACK));
    split = {
      blockRules: rules.filter((r) => r.action === 'block'),
      redactRules: rules.filter((r) => r.action === 'redact'),
      ruleHoldBack: hold,
    };
    splits.set(rules, split);
  }
  return split;
}

export class OutputGate {
  private pending = '';
  private readonly holdBack: number;
  private readonly blockRules: readonly CompiledContentRule[];
  private readonly redactRules: readonly CompiledContentRule[];
  blockedBy: string[] = [];
  readonly matchedRuleIds = new Set<string>();

  constructor(
    rules: readonly CompiledContentRule[],
    private readonly placeholders: PlaceholderTable | null,
    private readonly encoding: GateEncoding = 'text',
  ) {
    const split = splitOf(rules);
    this.blockRules = split.blockRules;
    this.redactRules = split.redactRules;
    this.holdBack = Math.max(placeholders ? MAX_PLACEHOLDER_LENGTH : 0, split.ruleHoldBack);
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
    if (!this.placeholders) return out;
    return this.encoding === 'text' ? this.placeholders.restore(out) : restoreInJson(out, this.placeholders);
  }
}

function restoreInJson(text: string, placeholders: PlaceholderTable): string {
  if (placeholders.size === 0 || !text.includes('[')) return text;
  return text.replace(PLACEHOLDER_PATTERN, (p) => {
    const original = placeholders.originals.get(p);
    return original === undefined ? p : JSON.stringify(original).slice(1, -1);
  });
}

/**
 * The gates of one completion: one per piece of text the model writes at the
 * same time (each choice, each tool call, each content block), created on first
 * use. What each has let through is kept when asked (`keepEmitted`), for the
 * events that repeat a whole text after its deltas (the Responses API).
 */
export class OutputGates {
  private readonly gates = new Map<string, OutputGate>();
  private readonly emitted = new Map<string, string>();
  blockedBy: string[] | null = null;
  /** Keep what each piece let through (emittedText). */
  keepEmitted = false;

  constructor(
    private readonly rules: readonly CompiledContentRule[],
    private readonly placeholders: PlaceholderTable | null,
  ) {}

  gate(key: string, encoding: GateEncoding = 'text'): OutputGate {
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new OutputGate(this.rules, this.placeholders, encoding);
      this.gates.set(key, gate);
    }
    return gate;
  }

  has(key: string): boolean {
    return this.gates.has(key);
  }

  /** Text of piece `key` that may be sent now; null when a block rule matched (blockedBy is set). */
  push(key: string, text: string, encoding: GateEncoding = 'text'): string | null {
    return this.record(key, this.gate(key, encoding).push(text));
  }

  /** What piece `key` still holds back, at its end ('' for a piece never seen); null when blocked. */
  flush(key: string): string | null {
    const gate = this.gates.get(key);
    return gate ? this.record(key, gate.flush()) : '';
  }

  /** Flushes every open piece whose key starts with `prefix`, in creation order. */
  flushAll(prefix = ''): Array<[key: string, rest: string]> | null {
    const out: Array<[string, string]> = [];
    for (const key of this.gates.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = this.flush(key);
      if (rest === null) return null;
      if (rest) out.push([key, rest]);
    }
    return out;
  }

  /** Everything piece `key` has let through so far (with keepEmitted). */
  emittedText(key: string): string | undefined {
    return this.emitted.get(key);
  }

  matchedRuleIds(): string[] {
    const ids = new Set<string>();
    for (const gate of this.gates.values()) for (const id of gate.matchedRuleIds) ids.add(id);
    return [...ids];
  }

  /** A gated pass-through for text a stream reports whole, without deltas before it. */
  applyWhole(key: string, text: string, encoding: GateEncoding): string | null {
    return this.record(key, this.gate(key, encoding).apply(text));
  }

  private record(key: string, allowed: string | null): string | null {
    if (allowed === null) {
      this.blockedBy = this.gate(key).blockedBy;
      return null;
    }
    if (this.keepEmitted && allowed) this.emitted.set(key, (this.emitted.get(key) ?? '') + allowed);
    return allowed;
  }
}
