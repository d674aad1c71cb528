import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  DEADLINE_RULES,
  type DeadlineInput,
  firstDeadline,
  INSTRUMENTS,
} from './deadlines.js';

const ISSUED = new Date('2026-12-01T08:00:00.000Z');
const tested = new Set<string>();

const input = (
  over: Partial<DeadlineInput> & Pick<DeadlineInput, 'instrument'>,
): DeadlineInput => ({
  dataCategories: ['subscriber'],
  emergency: false,
  preservationExtended: false,
  ...over,
});

/** The due time of one rule for a request, failing when the rule does not apply. */
function due(rule: string, request: DeadlineInput): string {
  tested.add(rule);
  const found = computeDeadlines(request, ISSUED).find((deadline) => deadline.rule === rule);
  expect(found, `${rule} applies`).toBeDefined();
  return found?.due as string;
}

describe('legal clocks of evidence requests (sharing reference §7, §8.6)', () => {
  it('EPOC production: 10 days (Reg. 2023/1543 Art 10(2))', () => {
    expect(due('epoc-production', input({ instrument: 'eu-production-order' }))).toBe(
      '2026-12-11T08:00:00.000Z',
    );
  });

  it('EPOC production in an emergency: 8 hours (Art 10(4)), and no 10-day clock', () => {
    const request = input({ instrument: 'eu-production-order', emergency: true });
    expect(due('epoc-production-emergency', request)).toBe('2026-12-01T16:00:00.000Z');
    expect(computeDeadlines(request, ISSUED).map((d) => d.rule)).not.toContain('epoc-production');
  });

  it('EPOC objection window: 10 days, only for traffic and content data', () => {
    const traffic = input({ instrument: 'eu-production-order', dataCategories: ['traffic'] });
    expect(due('epoc-objection', traffic)).toBe('2026-12-11T08:00:00.000Z');
    const subscriber = input({ instrument: 'eu-production-order' });
    expect(computeDeadlines(subscriber, ISSUED).map((d) => d.kind)).not.toContain(
      'objection-window',
    );
  });

  it('EPOC objection window in an emergency: 96 hours', () => {
    const request = input({
      instrument: 'eu-production-order',
      dataCategories: ['content'],
      emergency: true,
    });
    expect(due('epoc-objection-emergency', request)).toBe('2026-12-05T08:00:00.000Z');
  });

  it('EPOC-PR preservation: 60 days (Art 11(1))', () => {
    expect(due('epoc-pr-preservation', input({ instrument: 'eu-preservation-order' }))).toBe(
      '2027-01-30T08:00:00.000Z',
    );
  });

  it('EPOC-PR preservation extended: 60 + 30 days', () => {
    const request = input({ instrument: 'eu-preservation-order', preservationExtended: true });
    expect(due('epoc-pr-preservation-extended', request)).toBe('2027-03-01T08:00:00.000Z');
    expect(computeDeadlines(request, ISSUED)).toHaveLength(1);
  });

  it('Budapest Art 29 preservation: at least 60 days', () => {
    expect(
      due('budapest-art29-preservation', input({ instrument: 'budapest-art29-preservation' })),
    ).toBe('2027-01-30T08:00:00.000Z');
  });

  it('CETS 224 Art 7: escalate through Art 8 after 30 days', () => {
    expect(due('cets224-art7-escalation', input({ instrument: 'cets224-art7-subscriber' }))).toBe(
      '2026-12-31T08:00:00.000Z',
    );
  });

  it('CETS 224 Art 8: subscriber information in 20 days', () => {
    expect(due('cets224-art8-subscriber', input({ instrument: 'cets224-art8-production' }))).toBe(
      '2026-12-21T08:00:00.000Z',
    );
  });

  it('CETS 224 Art 8: traffic data in 45 days, beside the 20-day subscriber clock', () => {
    const request = input({
      instrument: 'cets224-art8-production',
      dataCategories: ['subscriber', 'traffic'],
    });
    expect(due('cets224-art8-traffic', request)).toBe('2027-01-15T08:00:00.000Z');
    expect(computeDeadlines(request, ISSUED).map((d) => d.rule)).toEqual([
      'cets224-art8-subscriber',
      'cets224-art8-traffic',
    ]);
  });

  it('18 U.S.C. 2703(f): preserved 90 days', () => {
    expect(due('us-2703f-preservation', input({ instrument: 'us-2703f-preservation' }))).toBe(
      '2027-03-01T08:00:00.000Z',
    );
  });

  it('18 U.S.C. 2703(f): extended 90 + 90 days', () => {
    const request = input({ instrument: 'us-2703f-preservation', preservationExtended: true });
    expect(due('us-2703f-preservation-extended', request)).toBe('2027-05-30T08:00:00.000Z');
  });

  it('emergency disclosure and mutual legal assistance carry no statutory clock', () => {
    expect(computeDeadlines(input({ instrument: 'emergency-disclosure' }), ISSUED)).toEqual([]);
    expect(firstDeadline(input({ instrument: 'mla', emergency: true }), ISSUED)).toBeNull();
  });

  it('leaves deadlines undated before the request is issued', () => {
    const [deadline] = computeDeadlines(input({ instrument: 'eu-production-order' }), null);
    expect(deadline).toMatchObject({ rule: 'epoc-production', hours: 240, due: null });
  });

  it('gives the earliest deadline first', () => {
    const request = input({
      instrument: 'eu-production-order',
      dataCategories: ['content'],
      emergency: true,
    });
    expect(firstDeadline(request, ISSUED)?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('every rule above has its test, and names a known instrument and a source', () => {
    for (const rule of DEADLINE_RULES) {
      expect(tested, `rule ${rule.id} is tested`).toContain(rule.id);
      expect(INSTRUMENTS).toContain(rule.instrument);
      expect(rule.source).not.toBe('');
    }
  });
});
