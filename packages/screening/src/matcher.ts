import { foldCode, foldPhrase, isOptionalSpace, isSpacedWordCode, SKIP } from './fold.js';

/** A phrase to look for. `*` at either end lifts the word-boundary check at that end (`recruit*`). */
export interface PhraseSpec {
  readonly phrase: string;
  /** Caller's id for the phrase, returned with each match. */
  readonly id: number;
}

/** One occurrence of a phrase: `[start, end)` offsets into the original text. */
export interface PhraseMatch {
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

interface Output {
  readonly id: number;
  readonly length: number;
  readonly checkStart: boolean;
  readonly checkEnd: boolean;
}

/**
 * Finds many phrases at once in linear time (an Aho–Corasick automaton over folded text), so the
 * catalogue can grow to thousands of phrases in many scripts without regular-expression backtracking.
 *
 * Matching is case- and diacritic-insensitive, treats any run of whitespace as one space and ignores
 * zero-width characters. Phrases that begin or end with a letter of a space-separated script match
 * whole words only; Thai, Khmer, Burmese, Lao and Chinese phrases match anywhere, as those scripts
 * do not separate words with spaces.
 *
 * @example
 * const m = new PhraseMatcher([{ phrase: 'việc nhẹ lương cao', id: 1 }]);
 * m.findAll('Viec  nhe luong cao!'); // [{ id: 1, start: 0, end: 19 }]
 */
export class PhraseMatcher {
  readonly #goto: Array<Map<number, number>> = [new Map()];
  readonly #fail: number[] = [0];
  readonly #out: Output[][] = [[]];
  readonly #window: number;

  constructor(specs: readonly PhraseSpec[]) {
    let longest = 1;
    for (const spec of specs) {
      let text = spec.phrase.trim();
      const checkStart = !text.startsWith('*');
      const checkEnd = !text.endsWith('*');
      text = text.replace(/^\*+|\*+$/g, '');
      const folded = foldPhrase(text);
      if (folded.length === 0) {
        throw new Error(
          `Phrase ${JSON.stringify(spec.phrase)} (id ${spec.id}) is empty once folded`,
        );
      }
      longest = Math.max(longest, folded.length);
      let state = 0;
      for (let i = 0; i < folded.length; i++) {
        const code = folded.charCodeAt(i);
        const edges = this.#goto[state] as Map<number, number>;
        let next = edges.get(code);
        if (next === undefined) {
          next = this.#goto.length;
          this.#goto.push(new Map());
          this.#fail.push(0);
          this.#out.push([]);
          edges.set(code, next);
        }
        state = next;
      }
      (this.#out[state] as Output[]).push({
        id: spec.id,
        length: folded.length,
        checkStart: checkStart && isSpacedWordCode(folded.charCodeAt(0)),
        checkEnd: checkEnd && isSpacedWordCode(folded.charCodeAt(folded.length - 1)),
      });
    }
    let size = 1;
    while (size < longest) size <<= 1;
    this.#window = size;
    this.#buildFailureLinks();
  }

  #buildFailureLinks(): void {
    const queue: number[] = [];
    for (const child of (this.#goto[0] as Map<number, number>).values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      for (const [code, child] of this.#goto[state] as Map<number, number>) {
        queue.push(child);
        let f = this.#fail[state] as number;
        while (f !== 0 && !(this.#goto[f] as Map<number, number>).has(code)) {
          f = this.#fail[f] as number;
        }
        const target = (this.#goto[f] as Map<number, number>).get(code);
        const failTo = target !== undefined && target !== child ? target : 0;
        this.#fail[child] = failTo;
        const inherited = this.#out[failTo] as Output[];
        if (inherited.length > 0) (this.#out[child] as Output[]).push(...inherited);
      }
    }
  }

  /** Every occurrence of every phrase in `text`, in order of end offset. */
  findAll(text: string): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    const mask = this.#window - 1;
    const starts = new Int32Array(this.#window);
    let consumed = 0;
    let state = 0;
    let lastWasSpace = true;
    let lastCode = 0x20;
    for (let i = 0; i < text.length; i++) {
      const code = foldCode(text.charCodeAt(i));
      if (code === SKIP) continue;
      if (code === 0x20) {
        if (lastWasSpace) continue;
        if (isOptionalSpace(text, i, lastCode)) continue;
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      lastCode = code;
      starts[consumed & mask] = i;
      consumed++;
      let next = (this.#goto[state] as Map<number, number>).get(code);
      while (next === undefined && state !== 0) {
        state = this.#fail[state] as number;
        next = (this.#goto[state] as Map<number, number>).get(code);
      }
      state = next ?? 0;
      const outputs = this.#out[state] as Output[];
      for (const output of outputs) {
        const start = starts[(consumed - output.length) & mask] as number;
        if (output.checkStart && start > 0 && isWordAt(text, start - 1)) continue;
        if (output.checkEnd && i + 1 < text.length && isWordAt(text, i + 1)) continue;
        matches.push({ id: output.id, start, end: i + 1 });
      }
    }
    return matches;
  }
}

function isWordAt(text: string, index: number): boolean {
  const code = foldCode(text.charCodeAt(index));
  return isSpacedWordCode(code);
}
