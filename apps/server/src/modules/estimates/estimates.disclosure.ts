/** One published capture-history cell: an exact count, or a marker that hides it. */
export type PublishedCount = number | string;

/** The capture-history cells as published, and how many were hidden. */
export interface SuppressedCells {
  counts: PublishedCount[];
  /** Cells below the minimum, shown as `"<min"`. */
  small: number;
  /** Cells hidden only so that a lone small cell cannot be worked out from the total. */
  secondary: number;
}

/**
 * Applies the minimum cell size to capture-history counts before they are published: every cell
 * below `minimum` (zero included) is shown as `"<minimum"`, never exactly. When exactly one cell is
 * small, the observed total minus the others would give it away, so the smallest other cell is
 * hidden too (shown as `"suppressed"`).
 *
 * @example
 * suppressSmallCells([40, 3, 12], 5); // { counts: [40, '<5', 'suppressed'], small: 1, secondary: 1 }
 */
export function suppressSmallCells(counts: readonly number[], minimum: number): SuppressedCells {
  const marker = `<${minimum}`;
  const published: PublishedCount[] = counts.map((count) => (count < minimum ? marker : count));
  const small = published.filter((cell) => cell === marker).length;
  let secondary = 0;
  if (small === 1) {
    let pick = -1;
    counts.forEach((count, i) => {
      if (published[i] !== marker && (pick < 0 || count < (counts[pick] as number))) pick = i;
    });
    if (pick >= 0) {
      published[pick] = 'suppressed';
      secondary = 1;
    }
  }
  return { counts: published, small, secondary };
}
