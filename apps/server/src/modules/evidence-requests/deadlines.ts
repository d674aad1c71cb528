/**
 * The legal clocks of electronic-evidence requests, as data: one rule per clock, each citing its
 * source. `computeDeadlines` is pure (no clock, no I/O): it turns a request's instrument, data
 * categories, emergency flag and issue time into dated deadlines.
 */

/** Legal instruments an evidence request can be made under. */
export const INSTRUMENTS = [
  'eu-production-order',
  'eu-preservation-order',
  'budapest-art29-preservation',
  'cets224-art7-subscriber',
  'cets224-art8-production',
  'us-2703f-preservation',
  'emergency-disclosure',
  'mla',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** What each instrument is, in words people use. */
export const INSTRUMENT_LABELS: Readonly<Record<Instrument, string>> = {
  'eu-production-order': 'European Production Order (EPOC, Reg. (EU) 2023/1543)',
  'eu-preservation-order': 'European Preservation Order (EPOC-PR, Reg. (EU) 2023/1543)',
  'budapest-art29-preservation': 'Expedited preservation request (Budapest Convention Art 29)',
  'cets224-art7-subscriber':
    'Direct request for subscriber information (Second Additional Protocol, CETS 224, Art 7)',
  'cets224-art8-production':
    'Order to give effect to production of subscriber and traffic data (CETS 224 Art 8)',
  'us-2703f-preservation': 'Preservation request under 18 U.S.C. § 2703(f)',
  'emergency-disclosure': 'Emergency disclosure request (imminent danger to life or safety)',
  mla: 'Mutual legal assistance request',
};

/** Data categories of EU e-evidence (Reg. 2023/1543 Art 3), used by every instrument. */
export const DATA_CATEGORIES = ['subscriber', 'ip-identification', 'traffic', 'content'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** What a deadline is for. */
export type DeadlineKind = 'production' | 'objection-window' | 'preservation-ends' | 'escalation';

/** The facts of a request that its clocks depend on. */
export interface DeadlineInput {
  instrument: Instrument;
  dataCategories: readonly DataCategory[];
  emergency: boolean;
  /** Whether the preservation was extended (EPOC-PR +30 days, 2703(f) +90 days). */
  preservationExtended: boolean;
}

/** One legal clock: when it applies, how long it runs from issue, and its source. */
export interface DeadlineRule {
  id: string;
  instrument: Instrument;
  kind: DeadlineKind;
  hours: number;
  label: string;
  /** The legal source, as cited in the reference. */
  source: string;
  /** When the rule applies, in words (as `applies` decides it). */
  when: string;
  applies: (input: DeadlineInput) => boolean;
}

const DAY = 24;
const has = (input: DeadlineInput, ...categories: DataCategory[]) =>
  categories.some((category) => input.dataCategories.includes(category));

/** Every legal clock Jaga computes; each has its own unit test in `deadlines.test.ts`. */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  // Reg. (EU) 2023/1543 Art 10(2): produce within 10 days of receiving the EPOC.
  {
    id: 'epoc-production',
    instrument: 'eu-production-order',
    kind: 'production',
    hours: 10 * DAY,
    label: 'Produce the data (10 days)',
    source: 'Reg. (EU) 2023/1543 Art 10(2)',
    when: 'not an emergency',
    applies: (input) => !input.emergency,
  },
  // Reg. (EU) 2023/1543 Art 10(4): in an emergency, produce within 8 hours.
  {
    id: 'epoc-production-emergency',
    instrument: 'eu-production-order',
    kind: 'production',
    hours: 8,
    label: 'Produce the data, emergency (8 hours)',
    source: 'Reg. (EU) 2023/1543 Art 10(4)',
    when: 'emergency',
    applies: (input) => input.emergency,
  },
  // Reg. (EU) 2023/1543 Art 10(2) and Art 12: the enforcing state, notified for traffic and content
  // data, may raise grounds for refusal within 10 days.
  {
    id: 'epoc-objection',
    instrument: 'eu-production-order',
    kind: 'objection-window',
    hours: 10 * DAY,
    label: 'Enforcing state may object (10 days)',
    source: 'Reg. (EU) 2023/1543 Art 10(2), Art 12',
    when: 'not an emergency; traffic or content data',
    applies: (input) => !input.emergency && has(input, 'traffic', 'content'),
  },
  // Reg. (EU) 2023/1543 Art 10(4) and Art 12: in an emergency, within 96 hours.
  {
    id: 'epoc-objection-emergency',
    instrument: 'eu-production-order',
    kind: 'objection-window',
    hours: 96,
    label: 'Enforcing state may object, emergency (96 hours)',
    source: 'Reg. (EU) 2023/1543 Art 10(4), Art 12',
    when: 'emergency; traffic or content data',
    applies: (input) => input.emergency && has(input, 'traffic', 'content'),
  },
  // Reg. (EU) 2023/1543 Art 11(1): preserve for 60 days, unless extended.
  {
    id: 'epoc-pr-preservation',
    instrument: 'eu-preservation-order',
    kind: 'preservation-ends',
    hours: 60 * DAY,
    label: 'Preservation ends unless a production order follows (60 days)',
    source: 'Reg. (EU) 2023/1543 Art 11(1)',
    when: 'not extended',
    applies: (input) => !input.preservationExtended,
  },
  // Reg. (EU) 2023/1543 Art 11(1): extended by 30 days (60 + 30) where needed for the production.
  {
    id: 'epoc-pr-preservation-extended',
    instrument: 'eu-preservation-order',
    kind: 'preservation-ends',
    hours: 90 * DAY,
    label: 'Extended preservation ends (60 + 30 days)',
    source: 'Reg. (EU) 2023/1543 Art 11(1)',
    when: 'extended',
    applies: (input) => input.preservationExtended,
  },
  // Budapest Convention Art 29(7): preserved for a period of not less than 60 days.
  {
    id: 'budapest-art29-preservation',
    instrument: 'budapest-art29-preservation',
    kind: 'preservation-ends',
    hours: 60 * DAY,
    label: 'Minimum preservation period ends; send the mutual assistance request (60 days)',
    source: 'Budapest Convention (ETS 185) Art 29(7)',
    when: 'always',
    applies: () => true,
  },
  // CETS 224 Art 7(7): without disclosure within 30 days, the requesting party may use Art 8.
  {
    id: 'cets224-art7-escalation',
    instrument: 'cets224-art7-subscriber',
    kind: 'escalation',
    hours: 30 * DAY,
    label: 'No disclosure: escalate through an Art 8 order (30 days)',
    source: 'Second Additional Protocol (CETS 224) Art 7(7)',
    when: 'always',
    applies: () => true,
  },
  // CETS 224 Art 8(6): subscriber information within 20 days.
  {
    id: 'cets224-art8-subscriber',
    instrument: 'cets224-art8-production',
    kind: 'production',
    hours: 20 * DAY,
    label: 'Produce subscriber information (20 days)',
    source: 'Second Additional Protocol (CETS 224) Art 8(6)',
    when: 'subscriber or IP-for-identification data',
    applies: (input) => has(input, 'subscriber', 'ip-identification'),
  },
  // CETS 224 Art 8(6): traffic data within 45 days.
  {
    id: 'cets224-art8-traffic',
    instrument: 'cets224-art8-production',
    kind: 'production',
    hours: 45 * DAY,
    label: 'Produce traffic data (45 days)',
    source: 'Second Additional Protocol (CETS 224) Art 8(6)',
    when: 'traffic data',
    applies: (input) => has(input, 'traffic'),
  },
  // 18 U.S.C. § 2703(f)(2): retained for 90 days.
  {
    id: 'us-2703f-preservation',
    instrument: 'us-2703f-preservation',
    kind: 'preservation-ends',
    hours: 90 * DAY,
    label: 'Preservation ends unless extended (90 days)',
    source: '18 U.S.C. § 2703(f)(2)',
    when: 'not extended',
    applies: (input) => !input.preservationExtended,
  },
  // 18 U.S.C. § 2703(f)(2): extended for another 90 days on a renewed request (90 + 90).
  {
    id: 'us-2703f-preservation-extended',
    instrument: 'us-2703f-preservation',
    kind: 'preservation-ends',
    hours: 180 * DAY,
    label: 'Extended preservation ends (90 + 90 days)',
    source: '18 U.S.C. § 2703(f)(2)',
    when: 'extended',
    applies: (input) => input.preservationExtended,
  },
];

/** Instruments that may be extended once (`POST …/extend-preservation`). */
export const EXTENDABLE_INSTRUMENTS: readonly Instrument[] = [
  'eu-preservation-order',
  'us-2703f-preservation',
];

/** A clock of one request: dated once the request is issued. */
export interface Deadline {
  rule: string;
  kind: DeadlineKind;
  label: string;
  source: string;
  hours: number;
  /** ISO 8601 time, or `null` before the request is issued. */
  due: string | null;
}

/**
 * The deadlines of a request, earliest first. Instruments without a statutory clock (emergency
 * disclosure, mutual legal assistance) have none.
 *
 * @example
 * computeDeadlines(
 *   { instrument: 'eu-production-order', dataCategories: ['subscriber'], emergency: true, preservationExtended: false },
 *   new Date('2026-12-01T08:00:00Z'),
 * ); // [{ rule: 'epoc-production-emergency', due: '2026-12-01T16:00:00.000Z', … }]
 */
export function computeDeadlines(input: DeadlineInput, issuedAt: Date | null): Deadline[] {
  return DEADLINE_RULES.filter(
    (rule) => rule.instrument === input.instrument && rule.applies(input),
  )
    .map((rule) => ({
      rule: rule.id,
      kind: rule.kind,
      label: rule.label,
      source: rule.source,
      hours: rule.hours,
      due: issuedAt ? new Date(issuedAt.getTime() + rule.hours * 3_600_000).toISOString() : null,
    }))
    .sort((a, b) => a.hours - b.hours);
}

/**
 * The earliest deadline of a request issued at `issuedAt`, or `null` when it has no clock.
 *
 * @example
 * firstDeadline({ instrument: 'mla', dataCategories: ['content'], emergency: false, preservationExtended: false }, new Date()); // null
 */
export function firstDeadline(input: DeadlineInput, issuedAt: Date): Date | null {
  const [first] = computeDeadlines(input, issuedAt);
  return first?.due ? new Date(first.due) : null;
}
