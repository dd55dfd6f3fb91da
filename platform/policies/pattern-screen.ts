import RE2 from 're2';

/**
 * One RE2 pass that tells which of a policy's tenant patterns may match a
 * request, so the rules whose pattern cannot match are skipped. Each RE2 call
 * copies its text to UTF-8 and runs an automaton over it: with three pattern
 * rules and a dozen message parts, that was three dozen calls per request,
 * each paying the copy. The screen runs every pattern at once (an `RE2.Set`)
 * over the parts joined by line breaks: one copy, one scan.
 *
 * It never misses: a match inside one part is a match inside the joined text,
 * because the set runs in multiline mode (`^` and `$` also hold next to the
 * separator, as they do at a part's ends) and a line break is not a word
 * character (`\b` holds there as at a part's ends). It may report a pattern
 * that matches only across two parts; the rule itself then runs on each part
 * and decides.
 */

export interface ScreenedPattern {
  source: string;
  caseInsensitive: boolean;
}

type RE2Set = InstanceType<(typeof RE2)['Set']>;

export class PatternScreen {
  private constructor(private readonly set: RE2Set | null) {}

  /** A screen for these patterns (indexes as given); one that always answers "cannot tell" when RE2 refuses the set. */
  static compile(patterns: readonly ScreenedPattern[]): PatternScreen {
    if (patterns.length === 0) return new PatternScreen(null);
    // One set holds one set of flags: case-insensitivity goes inline, per pattern.
    const sources = patterns.map((p) => (p.caseInsensitive ? `(?i:${p.source})` : `(?:${p.source})`));
    try {
      return new PatternScreen(new RE2.Set(sources, 'mu'));
    } catch {
      // Past the set's memory budget (very long keyword lists): every rule runs on its own, as without a screen.
      return new PatternScreen(null);
    }
  }

  /** Indexes of the patterns that may match one of the segments, ascending; null when the screen cannot tell. */
  mayMatch(segments: readonly string[]): readonly number[] | null {
    if (!this.set) return null;
    const joined = segments.length === 1 ? (segments[0] ?? '') : segments.join('\n');
    // ASCII text (the usual prompt) is its own UTF-8: a Latin-1 copy is a plain byte copy, cheaper than encoding.
    const input = Buffer.byteLength(joined, 'utf8') === joined.length ? Buffer.from(joined, 'latin1') : joined;
    try {
      return this.set.match(input);
    } catch {
      // The automaton ran out of its memory budget on this text: the rules run on their own.
      return null;
    }
  }
}
