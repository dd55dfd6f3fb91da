import { type PiiEntityType, type PolicyRule, type Verdict } from './policy-rules';
import { detectPii } from '../pii/detectors';
import { PlaceholderTable } from '../pii/placeholders';
import { PatternScreen, type ScreenedPattern } from './pattern-screen';
import { compileGlobs, compileTenantRegex, keywordAlternation, testLinear, type LinearRegex } from './tenant-patterns';

/**
 * The policy engine, pure (no I/O): the gateway compiles an account's rules
 * once per policy version and evaluates every request against the result; the
 * API's dry-run endpoint reuses the same two functions.
 */

export type TextMatcher = (text: string) => boolean;
/** Replaces matches; PII gets stable placeholders from the table (or a bare `[TYPE]` without one). */
export type TextRedactor = (text: string, placeholders: PlaceholderTable | null) => string;
export type SpanFinder = (text: string) => Array<[start: number, end: number]>;

export interface CompiledContentRule {
  id: string;
  action: 'block' | 'redact';
  /** Most characters one match can span, or Infinity when unbounded (a regex). Streams hold back this many. */
  maxMatchLength: number;
  matches: TextMatcher;
  redact: TextRedactor;
  spans: SpanFinder;
  /** The tenant pattern behind a regex or keyword rule (for the policy's pattern screen); null for PII rules. */
  pattern: ScreenedPattern | null;
}

export interface CompiledPolicy {
  /** Rules that look at the request, in order. */
  requestRules: CompiledRequestRule[];
  /** Content rules applied to the model's output (target completion or both), in order. */
  completionRules: CompiledContentRule[];
  hasPromptRedaction: boolean;
}

/** A content rule's place in its policy's pattern screen: `index` when it has a tenant pattern, else null. */
export interface Screening {
  screen: PatternScreen;
  index: number;
}

export type CompiledRequestRule =
  | { kind: 'content'; rule: CompiledContentRule; screening: Screening | null }
  | { kind: 'model'; id: string; blocks: (model: string) => boolean }
  | { kind: 'size'; id: string; maxChars: number; maxTokens: number }
  | { kind: 'max_tokens'; id: string; max: number };

export interface PolicyRequest {
  model: string;
  /** The text of the prompt, one entry per message part (system, user, assistant, tool text). */
  segments: string[];
  /** max_tokens / max_completion_tokens as asked by the caller, when given. */
  maxTokens?: number | undefined;
}

export interface Evaluation {
  verdict: Verdict;
  matchedRuleIds: string[];
  /** The rewritten segments when a redact rule changed the prompt; null when the prompt is forwarded as is. */
  redactedSegments: string[] | null;
  /** Placeholders issued for PII in this request (restorable). */
  placeholders: PlaceholderTable;
}

export const EMPTY_POLICY: CompiledPolicy = { requestRules: [], completionRules: [], hasPromptRedaction: false };

/** Rough token estimate used where a provider gives no usage (and for prompt_size maxTokens). */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** A rule on a tenant pattern, which runs on RE2 (tenant-patterns.ts): linear in the text, whatever the pattern. */
function regexRule(
  id: string,
  action: 'block' | 'redact',
  source: string,
  caseInsensitive: boolean,
  maxMatchLength: number,
): CompiledContentRule {
  const pattern: LinearRegex = compileTenantRegex(source, { caseInsensitive });
  const global: LinearRegex = compileTenantRegex(source, { caseInsensitive, global: true });
  return {
    id,
    action,
    maxMatchLength,
    pattern: { source, caseInsensitive },
    matches: (text) => testLinear(pattern, text),
    // A test before the replace: RE2's replace costs about a microsecond even when nothing matches (7× a test
    // on a short text), and most texts an output gate or a redact rule sees hold no match.
    redact: (text) => {
      if (!testLinear(pattern, text)) return text;
      global.lastIndex = 0;
      return text.replace(global, '[REDACTED]');
    },
    // An exec loop on the compiled pattern: String.prototype.matchAll would compile a copy of it on every call.
    // A test first: most texts an output gate cuts hold no match (the exec loop converts the text for RE2 again).
    spans: (text) => {
      const out: Array<[number, number]> = [];
      if (!testLinear(pattern, text)) return out;
      global.lastIndex = 0;
      for (let m = global.exec(text); m !== null; m = global.exec(text)) {
        if (m[0].length > 0) out.push([m.index, m.index + m[0].length]);
        else global.lastIndex += (text.codePointAt(global.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      }
      return out;
    },
  };
}

function piiRule(id: string, action: 'block' | 'redact', entities: PiiEntityType[]): CompiledContentRule {
  const wanted = new Set(entities);
  return {
    id,
    action,
    // Private-key blocks are long; other entities fit in 128 characters.
    maxMatchLength: wanted.has('SECRET') ? 4096 : 128,
    pattern: null,
    matches: (text) => detectPii(text, wanted).length > 0,
    redact: (text, placeholders) => {
      const found = detectPii(text, wanted);
      if (found.length === 0) return text;
      let out = '';
      let last = 0;
      for (const m of found) {
        out +=
          text.slice(last, m.start) + (placeholders ? placeholders.placeholderFor(m.type, m.value) : `[${m.type}]`);
        last = m.end;
      }
      return out + text.slice(last);
    },
    spans: (text) => detectPii(text, wanted).map((m): [number, number] => [m.start, m.end]),
  };
}

function compileContentRule(rule: PolicyRule): CompiledContentRule | null {
  switch (rule.type) {
    case 'regex':
      return regexRule(rule.id, rule.action, rule.pattern, rule.caseInsensitive, Infinity);
    case 'keyword': {
      const longest = Math.max(...rule.keywords.map((k) => k.length));
      return regexRule(rule.id, rule.action, keywordAlternation(rule.keywords), rule.caseInsensitive, longest);
    }
    case 'pii':
      return piiRule(rule.id, rule.action, rule.entities);
    default:
      return null;
  }
}

/** Compiles validated rules (policy-rules.ts) into matchers; do it once per policy version. */
export function compilePolicy(rules: readonly PolicyRule[]): CompiledPolicy {
  const compiled: CompiledPolicy = { requestRules: [], completionRules: [], hasPromptRedaction: false };
  const screened: Array<{ kind: 'content'; rule: CompiledContentRule; screening: Screening | null }> = [];
  for (const rule of rules) {
    switch (rule.type) {
      case 'model': {
        const matches = compileGlobs(rule.models);
        compiled.requestRules.push({
          kind: 'model',
          id: rule.id,
          blocks: rule.mode === 'allow' ? (m) => !matches(m) : matches,
        });
        break;
      }
      case 'prompt_size':
        compiled.requestRules.push({
          kind: 'size',
          id: rule.id,
          maxChars: rule.maxChars ?? Infinity,
          maxTokens: rule.maxTokens ?? Infinity,
        });
        break;
      case 'max_tokens':
        compiled.requestRules.push({ kind: 'max_tokens', id: rule.id, max: rule.max });
        break;
      default: {
        const content = compileContentRule(rule);
        if (!content) break;
        if (rule.target !== 'completion') {
          const entry = { kind: 'content' as const, rule: content, screening: null };
          compiled.requestRules.push(entry);
          if (content.pattern) screened.push(entry);
          if (content.action === 'redact') compiled.hasPromptRedaction = true;
        }
        if (rule.target !== 'prompt') compiled.completionRules.push(content);
      }
    }
  }
  const screen = PatternScreen.compile(screened.map((entry) => entry.rule.pattern).filter((p) => p !== null));
  screened.forEach((entry, index) => (entry.screening = { screen, index }));
  return compiled;
}

/**
 * Whether a screened rule may match the segments: the screen's answer for the current segments is asked once
 * (and again only after a redaction rewrote them, since a later rule reads the redacted text).
 */
class ScreenAnswers {
  private screen: PatternScreen | null = null;
  private segments: readonly string[] | null = null;
  private answer: readonly number[] | null = null;

  mayMatch(screening: Screening, segments: readonly string[]): boolean {
    if (screening.screen !== this.screen || segments !== this.segments) {
      this.screen = screening.screen;
      this.segments = segments;
      this.answer = screening.screen.mayMatch(segments);
    }
    return this.answer === null || this.answer.includes(screening.index);
  }
}

/** Concatenates compiled policies (an account may have several active policies; order is kept). */
export function mergePolicies(policies: readonly CompiledPolicy[]): CompiledPolicy {
  if (policies.length === 1 && policies[0]) return policies[0];
  return {
    requestRules: policies.flatMap((p) => p.requestRules),
    completionRules: policies.flatMap((p) => p.completionRules),
    hasPromptRedaction: policies.some((p) => p.hasPromptRedaction),
  };
}

/** The IDs of the policy's model rules that block `model` (an alias's target is checked like the model asked for). */
export function modelRulesBlocking(policy: CompiledPolicy, model: string): string[] {
  const ids: string[] = [];
  for (const entry of policy.requestRules) if (entry.kind === 'model' && entry.blocks(model)) ids.push(entry.id);
  return ids;
}

/**
 * Evaluates a request: every rule in order, so the verdict lists each rule that
 * matched. Redactions apply in order too, so later rules see redacted text.
 */
export function evaluate(policy: CompiledPolicy, request: PolicyRequest): Evaluation {
  const matchedRuleIds: string[] = [];
  const placeholders = new PlaceholderTable();
  let blocked = false;
  let segments = request.segments;
  let rewritten = false;
  const screens = new ScreenAnswers();
  for (const entry of policy.requestRules) {
    switch (entry.kind) {
      case 'model':
        if (entry.blocks(request.model)) {
          matchedRuleIds.push(entry.id);
          blocked = true;
        }
        break;
      case 'size': {
        let chars = 0;
        for (const s of segments) chars += s.length;
        if (chars > entry.maxChars || estimateTokens(chars) > entry.maxTokens) {
          matchedRuleIds.push(entry.id);
          blocked = true;
        }
        break;
      }
      case 'max_tokens':
        if (request.maxTokens !== undefined && request.maxTokens > entry.max) {
          matchedRuleIds.push(entry.id);
          blocked = true;
        }
        break;
      case 'content': {
        const rule = entry.rule;
        if (entry.screening && !screens.mayMatch(entry.screening, segments)) break;
        if (rule.action === 'block') {
          if (segments.some(rule.matches)) {
            matchedRuleIds.push(rule.id);
            blocked = true;
          }
          break;
        }
        let changed = false;
        const next = segments.map((s) => {
          const r = rule.redact(s, placeholders);
          if (r !== s) changed = true;
          return r;
        });
        if (changed) {
          matchedRuleIds.push(rule.id);
          segments = next;
          rewritten = true;
        }
        break;
      }
    }
  }
  return {
    verdict: blocked ? 'BLOCK' : 'ALLOW',
    matchedRuleIds,
    redactedSegments: rewritten ? segments : null,
    placeholders,
  };
}
