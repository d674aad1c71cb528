// Cue words: where the words a pattern is built on occur, found by a caller that already reads
// the whole text (the screener's phrase automaton), so that an extractor tries its pattern only
// there instead of scanning the text for the words.

/**
 * Letters the patterns match case-insensitively that the phrase matcher's folding does not turn
 * into the cue words' letters (ſ, a long s, matches `s`): cues found by folding can miss them.
 */
export const UNFOLDED_CUE_LETTERS: readonly string[] = ['ſ'];

/**
 * The spellings of a flat alternation such as `(?:ages?|y\\.?o\\.?|edad:)`: each alternative
 * with every optional character (`s?`, `\\.?`) present and absent.
 */
export function spellings(group: string): string[] {
  const body = group.replace(/^\(\?:/, '').replace(/\)$/, '');
  return body.split('|').flatMap((alternative) => {
    let words = [''];
    for (let i = 0; i < alternative.length; i++) {
      let char = alternative[i] as string;
      if ('()[]{}*+^$|'.includes(char)) {
        throw new Error(`Cannot spell out ${JSON.stringify(alternative)}: only ? is supported`);
      }
      if (char === '\\') char = alternative[++i] as string;
      const optional = alternative[i + 1] === '?';
      if (optional) i++;
      words = optional ? words.flatMap((word) => [word + char, word]) : words.map((w) => w + char);
    }
    return words;
  });
}

/**
 * The matches of an anchored `pattern` as a global scan from the start of `text` finds them
 * (each leftmost, from where the previous one ended), tried only at `starts` (ascending), the
 * only offsets where it can match.
 */
export function matchesAt(
  pattern: RegExp,
  text: string,
  starts: readonly number[],
): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let from = 0;
  for (const start of starts) {
    if (start < from) continue;
    pattern.lastIndex = start;
    const m = pattern.exec(text);
    if (!m) continue;
    found.push(m);
    from = start + Math.max(1, m[0].length);
  }
  return found;
}
