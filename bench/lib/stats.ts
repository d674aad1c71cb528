/** Small statistics shared by the benchmarks. */

/** The median of `xs` (the mean of the two middle values for an even count); 0 when empty. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** The `q` quantile (0..1) of `xs` by the nearest-rank rule; 0 when empty. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** A deterministic xorshift32 generator in [0, 1), so generated workloads repeat exactly. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * Runs `f` once and reports its wall time and this process's CPU time (user + system). The
 * machines are shared, so CPU seconds are the fairer "per core" measure; wall time is shown beside.
 */
export function measure<T>(f: () => T): { value: T; wallSeconds: number; cpuSeconds: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(cpu);
  return {
    value,
    wallSeconds: (performance.now() - start) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}
