/**
 * Interns addresses as bytes: an open-addressing hash table over a byte pool, so millions of
 * distinct addresses cost about 30 bytes each in typed arrays instead of a JS string and a
 * `Map` entry each (which also made every garbage collection walk them). EVM addresses are kept
 * as their 20 raw bytes, TRON addresses as the 34 ASCII characters of their Base58Check form.
 * Ids are handed out in first-seen order.
 *
 * Keys within one chain compare byte-wise exactly as their normalised strings compare (lower-case
 * hex for EVM, ASCII for TRON), so ordering by key is ordering by address text.
 *
 * @example
 * const table = new AddressTable();
 * const id = table.intern(0, bytes, 0, 20); // chain 0 = eth, 20 raw bytes
 * table.find(0, bytes, 0, 20); // id
 */
export class AddressTable {
  /** Key bytes of every address, back to back, in id order (for text and ordering). */
  private pool: Uint8Array;
  private poolUsed = 0;
  /** Address id → offset of its key in the pool (offsets[id] … offsets[id + 1]). */
  private offsets: Uint32Array;
  private chainOf: Uint8Array;
  /**
   * Open addressing with linear probing. Each 32-byte slot holds the key's hash, id + 1 (0 for an
   * empty slot), chain · 256 + key length and, for keys of up to 20 bytes (EVM), the key itself,
   * so a lookup usually costs one cache miss instead of one per array it would otherwise touch.
   * Longer keys (TRON) are compared in the pool.
   */
  private slots: Int32Array;
  private slotBytes: Uint8Array;
  private mask: number;
  private count = 0;
  private readonly scratch = new Uint8Array(MAX_KEY);

  constructor(expected = 1024) {
    const capacity = Math.max(16, expected);
    this.pool = new Uint8Array(capacity * 20);
    this.offsets = new Uint32Array(capacity + 1);
    this.chainOf = new Uint8Array(capacity);
    let size = 16;
    while (size * MAX_LOAD < capacity) size *= 2;
    this.slots = new Int32Array(size * SLOT);
    this.slotBytes = new Uint8Array(this.slots.buffer);
    this.mask = size - 1;
  }

  /** Number of distinct addresses. */
  get size(): number {
    return this.count;
  }

  /** The chain index (position in CHAINS) of an address id. */
  chain(id: number): number {
    return this.chainOf[id] as number;
  }

  /** The id of a key, or -1 if it was never interned. */
  find(chain: number, src: Uint8Array, start: number, length: number): number {
    if (length > MAX_KEY) return -1;
    const slot = this.probe(chain, src, start, length, hashKey(chain, src, start, length));
    return (this.slots[slot * SLOT + 1] as number) - 1;
  }

  /** The id of a key, interning it on first use. Keys are at most 64 bytes. */
  intern(chain: number, src: Uint8Array, start: number, length: number): number {
    if (length > MAX_KEY)
      throw new Error(`address key of ${length} bytes is longer than ${MAX_KEY}`);
    const h = hashKey(chain, src, start, length);
    const slot = this.probe(chain, src, start, length, h);
    const found = this.slots[slot * SLOT + 1] as number;
    if (found !== 0) return found - 1;
    const id = this.count;
    if (id + 1 >= this.offsets.length) this.growIds();
    if (this.poolUsed + length > this.pool.length) {
      const next = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      next.set(this.pool.subarray(0, this.poolUsed));
      this.pool = next;
    }
    this.pool.set(src.subarray(start, start + length), this.poolUsed);
    this.poolUsed += length;
    this.offsets[id + 1] = this.poolUsed;
    this.chainOf[id] = chain;
    this.count++;
    const base = slot * SLOT;
    this.slots[base] = h;
    this.slots[base + 1] = id + 1;
    this.slots[base + 2] = chain * 256 + length;
    if (length <= INLINE_KEY)
      this.slotBytes.set(src.subarray(start, start + length), (base + 3) * 4);
    if (this.count > (this.mask + 1) * MAX_LOAD) this.rehash();
    return id;
  }

  /** The key of a normalised address string in `scratch` (its length), or -1 if it cannot be one. */
  keyOf(evm: boolean, address: string): number {
    if (evm) {
      if (address.length !== 42 || address.charCodeAt(0) !== 48 || address.charCodeAt(1) !== 120)
        return -1;
      for (let k = 0; k < 20; k++) {
        const hi = lowerHex(address.charCodeAt(2 + 2 * k));
        const lo = lowerHex(address.charCodeAt(3 + 2 * k));
        if (hi < 0 || lo < 0) return -1;
        this.scratch[k] = (hi << 4) | lo;
      }
      return 20;
    }
    if (address.length > MAX_KEY) return -1;
    for (let k = 0; k < address.length; k++) {
      const c = address.charCodeAt(k);
      if (c > 127) return -1;
      this.scratch[k] = c;
    }
    return address.length;
  }

  /** Looks up a normalised address string; -1 if absent. */
  findString(chain: number, evm: boolean, address: string): number {
    const length = this.keyOf(evm, address);
    return length < 0 ? -1 : this.find(chain, this.scratch, 0, length);
  }

  /** Interns a normalised address string (the caller has validated it). */
  internString(chain: number, evm: boolean, address: string): number {
    const length = this.keyOf(evm, address);
    if (length < 0) throw new Error(`"${address}" is not a normalised address`);
    return this.intern(chain, this.scratch, 0, length);
  }

  /** The normalised address text of an id: 0x-prefixed lower-case hex for EVM keys. */
  text(id: number, evm: boolean): string {
    const start = this.offsets[id] as number;
    const end = this.offsets[id + 1] as number;
    let out = evm ? '0x' : '';
    for (let k = start; k < end; k++) {
      const b = this.pool[k] as number;
      out += evm ? (HEX_PAIRS[b] as string) : String.fromCharCode(b);
    }
    return out;
  }

  /** Compares the keys of two addresses of the same chain byte by byte (as their texts compare). */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    let i = this.offsets[a] as number;
    const ie = this.offsets[a + 1] as number;
    let j = this.offsets[b] as number;
    const je = this.offsets[b + 1] as number;
    for (; i < ie && j < je; i++, j++) {
      const d = (this.pool[i] as number) - (this.pool[j] as number);
      if (d !== 0) return d;
    }
    return ie - (this.offsets[a] as number) - (je - (this.offsets[b] as number));
  }

  /** Frees spare capacity once no more addresses will be added. */
  trim(): void {
    this.pool = this.pool.slice(0, this.poolUsed);
    this.offsets = this.offsets.slice(0, this.count + 1);
    this.chainOf = this.chainOf.slice(0, this.count);
  }

  /** The slot holding the key, or the empty slot where it would go. */
  private probe(chain: number, src: Uint8Array, start: number, length: number, h: number): number {
    const slots = this.slots;
    const bytes = this.slotBytes;
    const tag = chain * 256 + length;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const base = slot * SLOT;
      if (slots[base + 1] === 0) return slot;
      if (slots[base] !== h || slots[base + 2] !== tag) continue;
      let k = 0;
      if (length <= INLINE_KEY) {
        const at = (base + 3) * 4;
        while (k < length && bytes[at + k] === src[start + k]) k++;
      } else {
        const at = this.offsets[(slots[base + 1] as number) - 1] as number;
        while (k < length && this.pool[at + k] === src[start + k]) k++;
      }
      if (k === length) return slot;
    }
  }

  private growIds(): void {
    const capacity = this.chainOf.length * 2;
    const offsets = new Uint32Array(capacity + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const chains = new Uint8Array(capacity);
    chains.set(this.chainOf);
    this.chainOf = chains;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * SLOT);
    const mask = size - 1;
    for (let base = 0; base < old.length; base += SLOT) {
      if (old[base + 1] === 0) continue;
      let slot = (old[base] as number) & mask;
      while (slots[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(base, base + SLOT), slot * SLOT);
    }
    this.slots = slots;
    this.slotBytes = new Uint8Array(slots.buffer);
    this.mask = mask;
  }
}

/** Longest key (TRON's Base58 form takes 34 bytes). */
const MAX_KEY = 64;
/** Keys kept in the slot itself: EVM's 20 bytes. */
const INLINE_KEY = 20;
/** Words per slot: hash, id + 1, chain and length, the inline key, one spare word. */
const SLOT = 8;
const MAX_LOAD = 0.7;

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function lowerHex(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** MurmurHash3 (32-bit) of the key bytes, seeded with the chain: four bytes per round. */
function hashKey(chain: number, src: Uint8Array, start: number, length: number): number {
  let h = 0x9747b28c ^ chain;
  const end = start + length;
  let k = start;
  for (; k + 4 <= end; k += 4) {
    let w =
      (src[k] as number) |
      ((src[k + 1] as number) << 8) |
      ((src[k + 2] as number) << 16) |
      ((src[k + 3] as number) << 24);
    w = Math.imul(w, 0xcc9e2d51);
    w = (w << 15) | (w >>> 17);
    h ^= Math.imul(w, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let w = 0;
  for (let shift = 0; k < end; k++, shift += 8) w |= (src[k] as number) << shift;
  if (w !== 0) {
    w = Math.imul(w, 0xcc9e2d51);
    w = (w << 15) | (w >>> 17);
    h ^= Math.imul(w, 0x1b873593);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
