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

// The header of a state's block in `#nodes`; its edges follow.
const FAIL = 0;
const OUTPUTS = 1;
const COUNTS = 2;
const NODE_HEADER = 3;
// Bit of a state's COUNTS word: its edges are a row indexed by character class (see below).
const ROW = 0x8000;
// A state with at least this many edges keeps them as a row when the row is not too sparse.
const ROW_MIN_EDGES = 8;

// Character classes: each code unit that folds to a character some phrase uses gets its own
// class; the rest share UNUSED, and code units that fold to SKIP are skipped.
const UNUSED = 0;
const SPACE = 1;
const SKIP_CLASS = 0xffff;

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
  // Built as a trie of maps, then frozen into one flat array for speed (see the constructor's
  // end): states laid out depth first, so reading a word walks forward through memory, each a
  // block holding its failure state, outputs and edges (most have one or two).
  /** The class of every UTF-16 code unit once folded: UNUSED, SPACE, SKIP_CLASS or a phrase character's. */
  readonly #classOf = new Uint16Array(0x10000);
  /** The root's next state for each class (0: stay at the root). */
  readonly #root: Int32Array;
  readonly #nodes: Int32Array;
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
    // Characters are numbered in code point order (one script's letters get neighbouring
    // numbers, so a state's edges span a short range); the space is SPACE.
    const codes = new Set<number>();
    for (const map of edges) for (const code of map.keys()) codes.add(code);
    codes.delete(0x20);
    const classOfCode = new Map<number, number>([[0x20, SPACE]]);
    for (const code of [...codes].sort((a, b) => a - b))
      classOfCode.set(code, classOfCode.size + 1);
    if (classOfCode.size + 1 >= SKIP_CLASS)
      throw new Error('Phrase automaton too large: too many characters');
    for (let code = 0; code < 0x10000; code++) {
      const folded = FOLD_ALL[code] as number;
      this.#classOf[code] = folded === SKIP ? SKIP_CLASS : (classOfCode.get(folded) ?? UNUSED);
    }
    const classEdges = (state: number): Array<[number, number]> =>
      [...(edges[state] as Map<number, number>)]
        .map(([code, next]): [number, number] => [classOfCode.get(code) as number, next])
        .sort((a, b) => a[0] - b[0]);
    // A state's edges are a row (one slot per class from its first edge's class to its last's,
    // so following an edge is one read) when it has many and they are not too spread out; else
    // a list of (class, next state) pairs, scanned.
    const rowSpan = (state: number): number => {
      const list = classEdges(state);
      if (state === 0 || list.length < ROW_MIN_EDGES) return 0;
      const span =
        (list[list.length - 1] as [number, number])[0] - (list[0] as [number, number])[0] + 1;
      return span <= 4 * list.length + 16 && span < ROW ? span : 0;
    };

    // Lay the states out depth first (a phrase's states one after another, so matching a word
    // reads memory forward), each as one block of `#nodes`, so a visit reads one place in memory.
    // A state is the offset of its block: [failure state, start of its outputs in `#outputIndex`,
    // output count << 16 | edge layout, then the edges]. The edge layout is the edge count, or
    // ROW | span when the edges are a row: then the first class comes next, then a next state
    // (0 for none) per class. The root's block comes first (offset 0); its edges are in `#root`.
    const order: number[] = [];
    const stack = [0];
    while (stack.length > 0) {
      const state = stack.pop() as number;
      order.push(state);
      const children = [...(edges[state] as Map<number, number>).values()];
      for (let c = children.length - 1; c >= 0; c--) stack.push(children[c] as number);
    }
    const offset = new Int32Array(edges.length);
    const spans = new Int32Array(edges.length);
    let length = 0;
    for (const state of order) {
      offset[state] = length;
      spans[state] = rowSpan(state);
      const size = state === 0 ? 0 : (edges[state] as Map<number, number>).size;
      length += NODE_HEADER + (spans[state] ? 1 + (spans[state] as number) : 2 * size);
    }
    const nodes = new Int32Array(length);
    const outputIndex: number[] = [];
    for (const state of order) {
      const at = offset[state] as number;
      const out = outputsOf[state] as number[];
      const list = state === 0 ? [] : classEdges(state);
      const span = spans[state] as number;
      if (list.length >= ROW || out.length > 0x7fff) {
        throw new Error(
          'Phrase automaton too large: a state has over 32,767 edges or 32,767 outputs',
        );
      }
      nodes[at + FAIL] = offset[fail[state] as number] as number;
      nodes[at + OUTPUTS] = outputIndex.length;
      nodes[at + COUNTS] = (out.length << 16) | (span ? ROW | span : list.length);
      for (const output of out) outputIndex.push(output);
      if (span) {
        const first = (list[0] as [number, number])[0];
        nodes[at + NODE_HEADER] = first;
        for (const [cls, next] of list)
          nodes[at + NODE_HEADER + 1 + cls - first] = offset[next] as number;
        continue;
      }
      let j = at + NODE_HEADER;
      for (const [cls, next] of list) {
        nodes[j++] = cls;
        nodes[j++] = offset[next] as number;
      }
    }
    this.#root = new Int32Array(classOfCode.size + 2);
    for (const [cls, next] of classEdges(0)) this.#root[cls] = offset[next] as number;
    this.#nodes = nodes;
    this.#outputIndex = Int32Array.from(outputIndex);
  }

  /** Every occurrence of every phrase in `text`, in order of end offset. */
  findAll(text: string): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    const mask = this.#window - 1;
    const starts = new Int32Array(this.#window);
    const classOf = this.#classOf;
    const root = this.#root;
    const nodes = this.#nodes;
    const outputIndex = this.#outputIndex;
    const outputs = this.#outputs;
    let consumed = 0;
    let state = 0;
    let lastWasSpace = true;
    for (let i = 0; i < text.length; i++) {
      const cls = classOf[text.charCodeAt(i)] as number;
      if (cls === SKIP_CLASS) continue;
      if (cls === SPACE) {
        if (lastWasSpace) continue;
        // The last character read, folded (a space here has a character before it).
        const last = FOLD_ALL[text.charCodeAt(starts[(consumed - 1) & mask] as number)] as number;
        const resume = optionalSpaceEnd(text, i, last);
        if (resume >= 0) {
          i = resume - 1;
          continue;
        }
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      starts[consumed & mask] = i;
      consumed++;
      if (cls === UNUSED) {
        // No state has an edge on this character: the failure chain ends at the root, which has
        // no outputs.
        state = 0;
        continue;
      }
      let next = 0;
      while (state !== 0) {
        const layout = (nodes[state + COUNTS] as number) & 0xffff;
        if ((layout & ROW) !== 0) {
          const slot = cls - (nodes[state + NODE_HEADER] as number);
          if (slot >= 0 && slot < (layout & ~ROW))
            next = nodes[state + NODE_HEADER + 1 + slot] as number;
        } else {
          const end = state + NODE_HEADER + 2 * layout;
          for (let j = state + NODE_HEADER; j < end; j += 2) {
            if (nodes[j] === cls) {
              next = nodes[j + 1] as number;
              break;
            }
          }
        }
        if (next !== 0) break;
        state = nodes[state + FAIL] as number;
      }
      state = next !== 0 ? next : (root[cls] as number);
      const outputCount = (nodes[state + COUNTS] as number) >>> 16;
      if (outputCount === 0) continue;
      const outBegin = nodes[state + OUTPUTS] as number;
      for (let k = outBegin; k < outBegin + outputCount; k++) {
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
