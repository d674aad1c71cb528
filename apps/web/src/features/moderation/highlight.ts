import type { Indicator } from './api.js';

/** A run of the post's text and the indicators whose evidence covers it (none: plain text). */
export interface Segment {
  start: number;
  text: string;
  indicators: { code: string; label: string }[];
}

/**
 * Cuts a post's text into runs at every evidence span's start and end, so overlapping evidence of
 * several indicators stays visible: each run lists every indicator covering it. Spans of other
 * fields (title, location) and spans outside the text are left out.
 *
 * @example
 * highlightSegments('free flight now', [{ code: 'free-travel', label: 'Free travel', weight: 1,
 *   evidence: [{ start: 0, end: 11, text: 'free flight' }] }]);
 * // [{ start: 0, text: 'free flight', indicators: [{ code: 'free-travel', … }] },
 * //  { start: 11, text: ' now', indicators: [] }]
 */
export function highlightSegments(text: string, indicators: readonly Indicator[]): Segment[] {
  const spans: { start: number; end: number; code: string; label: string }[] = [];
  for (const indicator of indicators) {
    for (const span of indicator.evidence) {
      if (span.field !== undefined && span.field !== 'text') continue;
      const start = Math.max(0, Math.min(span.start, text.length));
      const end = Math.max(start, Math.min(span.end, text.length));
      if (end > start) spans.push({ start, end, code: indicator.code, label: indicator.label });
    }
  }
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort(
    (a, b) => a - b,
  );
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    const covering = new Map<string, { code: string; label: string }>();
    for (const s of spans) {
      if (s.start <= start && s.end >= end) covering.set(s.code, { code: s.code, label: s.label });
    }
    const run = { start, text: text.slice(start, end), indicators: [...covering.values()] };
    const last = segments.at(-1);
    // Adjacent plain runs, or runs with the same indicators, read as one.
    if (last && sameCodes(last.indicators, run.indicators)) last.text += run.text;
    else segments.push(run);
  }
  return segments;
}

function sameCodes(a: { code: string }[], b: { code: string }[]): boolean {
  return a.length === b.length && a.every((x, i) => x.code === b[i]?.code);
}

/** Keys of the queue, as listed on the page. */
export const SHORTCUTS = [
  { key: 'j', action: 'Next post' },
  { key: 'k', action: 'Previous post' },
  { key: 'c', action: 'Confirm (then draft a notice)' },
  { key: 'd', action: 'Dismiss as a false positive' },
  { key: 'e', action: 'Escalate to an investigating organisation' },
] as const;

export type ShortcutAction = 'next' | 'previous' | 'confirm' | 'dismiss' | 'escalate';

/**
 * The queue action of a key press, or `undefined` when the key is not a shortcut or the press is
 * meant for something else (typing in a field, a modifier held, a dialog open).
 *
 * @example
 * shortcutOf({ key: 'j', target: document.body }); // 'next'
 */
export function shortcutOf(event: {
  key: string;
  target: EventTarget | null;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}): ShortcutAction | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const target = event.target as {
    tagName?: string;
    isContentEditable?: boolean;
    closest?: (s: string) => unknown;
  } | null;
  const tag = target?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || target?.isContentEditable) {
    return undefined;
  }
  if (target?.closest?.('[role="dialog"]')) return undefined;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'c':
      return 'confirm';
    case 'd':
      return 'dismiss';
    case 'e':
      return 'escalate';
    default:
      return undefined;
  }
}
