/**
 * A seeded uniform generator on [0, 1): the same seed gives the same stream on every platform.
 *
 * @example
 * const random = seededRandom(1234);
 * random(); // 0.…, identical on every run
 */
export function seededRandom(seed: number): () => number {
  // sfc32 (Chris Doty-Humphrey's small fast counting generator, passes PractRand), seeded through
  // splitmix32 so nearby seeds give unrelated streams. Written out because it is a few lines.
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  // 53 random bits per double.
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/**
 * Draw `total` people into cells with probabilities proportional to `weights` (a multinomial
 * sample), by inverse-CDF sampling of each person.
 *
 * @example
 * multinomialSample(100, [0, 30, 70], seededRandom(1)); // [0, ~30, ~70], summing to 100
 */
export function multinomialSample(
  total: number,
  weights: readonly number[],
  random: () => number,
): number[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cumulative.push(sum);
  }
  const out = new Array<number>(weights.length).fill(0);
  for (let k = 0; k < total; k++) {
    const u = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    out[lo] = (out[lo] ?? 0) + 1;
  }
  return out;
}
