import type { GoldItem } from './gold-set.js';

/** A named subset of the gold set, reported separately by the evaluation. */
export interface Slice {
  name: string;
  /** The class the slice belongs to: its flagged share is recall (risk) or a false-positive rate (legit). */
  label: 'risk' | 'legit';
  matches(item: GoldItem): boolean;
}

const byProvenance =
  (...phrases: string[]) =>
  (item: GoldItem): boolean =>
    phrases.some((p) => item.provenance.includes(p));

const SHORT = 120;
const LONG = 400;

/**
 * The slices the evaluation reports, picked out by the provenance wording the gold set uses
 * (`gold.test.ts` checks that every slice still matches posts) and by length.
 *
 * @example
 * GOLD_SLICES.find((s) => s.name === 'victim trading')?.matches(item);
 */
export const GOLD_SLICES: readonly Slice[] = [
  { name: 'victim trading', label: 'risk', matches: byProvenance('bought and sold') },
  { name: 'subtle (one or two weak cues)', label: 'risk', matches: byProvenance('Subtle variant') },
  {
    name: 'recruiter writing as a friend',
    label: 'risk',
    matches: byProvenance('through friends and family'),
  },
  { name: 'TikTok-style captions', label: 'risk', matches: byProvenance('short-video platforms') },
  {
    name: 'forced-labour terms in the ad',
    label: 'risk',
    matches: byProvenance('indicators of forced labour'),
  },
  {
    name: `short risk posts (< ${SHORT} characters)`,
    label: 'risk',
    matches: (i) => i.text.length < SHORT,
  },
  {
    name: `long risk posts (≥ ${LONG} characters)`,
    label: 'risk',
    matches: (i) => i.text.length >= LONG,
  },
  {
    name: 'awareness, news and survivor posts',
    label: 'legit',
    matches: byProvenance('warning, not an ad', 'news-style report'),
  },
  {
    name: 'licensed placement and government schemes',
    label: 'legit',
    matches: byProvenance(
      'licensed-agency',
      'licensed overseas-placement',
      'procedural placement',
      'government-to-government',
    ),
  },
  { name: 'BPO and call centres', label: 'legit', matches: byProvenance('BPO or call-centre') },
  {
    name: 'hotels, resorts and casinos',
    label: 'legit',
    matches: byProvenance('hotel or resort', 'integrated-resort', 'casino or gaming-floor'),
  },
  {
    name: 'crypto compliance and fraud roles',
    label: 'legit',
    matches: byProvenance('crypto-exchange compliance'),
  },
  {
    name: 'translators, interpreters, teachers',
    label: 'legit',
    matches: byProvenance('translator, interpreter'),
  },
  { name: 'everyday local jobs', label: 'legit', matches: byProvenance('everyday local vacancy') },
  {
    name: `short legit posts (< ${SHORT} characters)`,
    label: 'legit',
    matches: (i) => i.text.length < SHORT,
  },
  {
    name: `long legit posts (≥ ${LONG} characters)`,
    label: 'legit',
    matches: (i) => i.text.length >= LONG,
  },
];
