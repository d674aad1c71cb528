import {
  FOLD_ALL,
  foldCode,
  foldPhrase,
  isSpacedWordCode,
  optionalSpaceEnd,
  SKIP,
} from './fold.js';

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

// The fields of a state's record in `#states`.
const EDGES_BEGIN = 0;
const EDGES_END = 1;
const FAIL = 2;
const OUTPUTS_BEGIN = 3;
const STATE_FIELDS = 4;

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
  // Built as a trie of maps, then frozen into flat typed arrays for speed. States are numbered
  // breadth first, so the shallow states that most characters visit sit together in memory, and
  // each state is one record in `#states` (STATE_FIELDS integers: its edges, a slice of `#edges`
  // holding code and next-state pairs, most states having one or two; its failure state; where
  // its outputs start in `#outputIndex`, ending where the next record's start): a visit reads one
  // place in memory instead of five arrays.
  readonly #root = new Int32Array(0x10000).fill(-1);
  /** Codes that appear in some phrase: any other character sends the automaton back to the root. */
  readonly #used = new Uint8Array(0x10000);
  readonly #states: Int32Array;
  readonly #edges: Int32Array;
  readonly #outputIndex: Int32Array;
  readonly #outputs: Output[] = [];
  readonly #window: number;

  constructor(specs: readonly PhraseSpec[]) {
    const edges: Array<Map<number, number>> = [new Map()];
    const outputsOf: number[][] = [[]];
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
        const out = edges[state] as Map<number, number>;
        let next = out.get(code);
        if (next === undefined) {
          next = edges.length;
          edges.push(new Map());
          outputsOf.push([]);
          out.set(code, next);
        }
        state = next;
      }
      (outputsOf[state] as number[]).push(this.#outputs.length);
      this.#outputs.push({
        id: spec.id,
        length: folded.length,
        checkStart: checkStart && isSpacedWordCode(folded.charCodeAt(0)),
        checkEnd: checkEnd && isSpacedWordCode(folded.charCodeAt(folded.length - 1)),
      });
    }
    let size = 1;
    while (size < longest) size <<= 1;
    this.#window = size;

    // Failure links, breadth first; each state inherits the outputs of its failure state.
    const fail = new Int32Array(edges.length);
    const queue: number[] = [...(edges[0] as Map<number, number>).values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      for (const [code, child] of edges[state] as Map<number, number>) {
        queue.push(child);
        let f = fail[state] as number;
        while (f !== 0 && !(edges[f] as Map<number, number>).has(code)) f = fail[f] as number;
        const target = (edges[f] as Map<number, number>).get(code);
        const failTo = target !== undefined && target !== child ? target : 0;
        fail[child] = failTo;
        const inherited = outputsOf[failTo] as number[];
        if (inherited.length > 0) (outputsOf[child] as number[]).push(...inherited);
      }
    }
    // Renumber breadth first (the queue's order) and lay the states out as records, with one
    // record more at the end whose output start closes the last state's outputs.
    const order = [0, ...queue];
    const renumbered = new Int32Array(edges.length);
    order.forEach((state, index) => {
      renumbered[state] = index;
    });
    let edgeCount = 0;
    for (let state = 1; state < edges.length; state++)
      edgeCount += (edges[state] as Map<number, number>).size;
    const states = new Int32Array((order.length + 1) * STATE_FIELDS);
    const packed = new Int32Array(edgeCount * 2);
    const outputIndex: number[] = [];
    let e = 0;
    order.forEach((state, index) => {
      const record = index * STATE_FIELDS;
      states[record + EDGES_BEGIN] = e;
      if (state > 0) {
        for (const [code, next] of edges[state] as Map<number, number>) {
          packed[e++] = code;
          packed[e++] = renumbered[next] as number;
        }
      }
      states[record + EDGES_END] = e;
      states[record + FAIL] = renumbered[fail[state] as number] as number;
      states[record + OUTPUTS_BEGIN] = outputIndex.length;
      for (const output of outputsOf[state] as number[]) outputIndex.push(output);
    });
    states[order.length * STATE_FIELDS + OUTPUTS_BEGIN] = outputIndex.length;
    for (const [code, next] of edges[0] as Map<number, number>) {
      this.#root[code] = renumbered[next] as number;
    }
    for (const map of edges) for (const code of map.keys()) this.#used[code] = 1;
    this.#states = states;
    this.#edges = packed;
    this.#outputIndex = Int32Array.from(outputIndex);
  }

  /** Every occurrence of every phrase in `text`, in order of end offset. */
  findAll(text: string): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    const mask = this.#window - 1;
    const starts = new Int32Array(this.#window);
    const root = this.#root;
    const states = this.#states;
    const edges = this.#edges;
    const outputIndex = this.#outputIndex;
    const outputs = this.#outputs;
    let consumed = 0;
    let state = 0;
    let lastWasSpace = true;
    let lastCode = 0x20;
    const fold = FOLD_ALL;
    const used = this.#used;
    for (let i = 0; i < text.length; i++) {
      const code = fold[text.charCodeAt(i)] as number;
      if (code === SKIP) continue;
      if (code === 0x20) {
        if (lastWasSpace) continue;
        const resume = optionalSpaceEnd(text, i, lastCode);
        if (resume >= 0) {
          i = resume - 1;
          continue;
        }
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      lastCode = code;
      starts[consumed & mask] = i;
      consumed++;
      if (used[code] === 0) {
        // No state has an edge on this code: the failure chain ends at the root, which has no
        // outputs.
        state = 0;
        continue;
      }
      let next = -1;
      while (state !== 0) {
        const record = state * STATE_FIELDS;
        const end = states[record + EDGES_END] as number;
        for (let j = states[record + EDGES_BEGIN] as number; j < end; j += 2) {
          if (edges[j] === code) {
            next = edges[j + 1] as number;
            break;
          }
        }
        if (next >= 0) break;
        state = states[record + FAIL] as number;
      }
      state = next >= 0 ? next : Math.max(0, root[code] as number);
      const record = state * STATE_FIELDS;
      const outEnd = states[record + STATE_FIELDS + OUTPUTS_BEGIN] as number;
      for (let k = states[record + OUTPUTS_BEGIN] as number; k < outEnd; k++) {
        const output = outputs[outputIndex[k] as number] as Output;
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
