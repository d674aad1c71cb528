import { describe, expect, it } from 'vitest';
import { canChangeSharing, canRead, type PolicyActor, type ShareableRecord } from './policy.js';
import {
  isTlpLevel,
  TLP_LEVELS,
  TLP_MARKING_DEFINITION_IDS,
  tlpFromMarkingDefinitionId,
} from './tlp.js';

const creator: PolicyActor = { userId: 'creator', organisationId: 'A', sharingGroupIds: [] };
const colleague: PolicyActor = { userId: 'colleague', organisationId: 'A', sharingGroupIds: [] };
const partner: PolicyActor = { userId: 'partner', organisationId: 'B', sharingGroupIds: ['g1'] };
const outsider: PolicyActor = { userId: 'outsider', organisationId: 'C', sharingGroupIds: ['g2'] };
const named: PolicyActor = { userId: 'named', organisationId: 'D', sharingGroupIds: [] };
const namedColleague: PolicyActor = { userId: 'named-2', organisationId: 'D', sharingGroupIds: [] };

const record = (tlp: ShareableRecord['tlp']): ShareableRecord => ({
  tlp,
  organisationId: 'A',
  createdBy: 'creator',
  sharingGroupIds: ['g1'],
  recipientIds: ['named'],
});

describe('canRead', () => {
  const readers = (tlp: ShareableRecord['tlp']) =>
    [creator, colleague, partner, outsider, named, namedColleague]
      .filter((actor) => canRead(actor, record(tlp)))
      .map((actor) => actor.userId);

  it('lets every user of the hub read CLEAR and GREEN', () => {
    const everyone = ['creator', 'colleague', 'partner', 'outsider', 'named', 'named-2'];
    expect(readers('CLEAR')).toEqual(everyone);
    expect(readers('GREEN')).toEqual(everyone);
  });

  it('limits AMBER to the owning organisation, its sharing groups and named recipients', () => {
    expect(readers('AMBER')).toEqual(['creator', 'colleague', 'partner', 'named']);
  });

  it('ignores sharing groups at AMBER+STRICT', () => {
    expect(readers('AMBER+STRICT')).toEqual(['creator', 'colleague', 'named']);
  });

  it('limits RED to its creator and named recipients, not their organisations', () => {
    expect(readers('RED')).toEqual(['creator', 'named']);
  });

  it('does not widen AMBER to a member of another group', () => {
    expect(canRead(outsider, { ...record('AMBER'), sharingGroupIds: ['g1', 'g3'] })).toBe(false);
  });
});

describe('canChangeSharing', () => {
  it('lets the creator and the owning organisation re-share, but only the creator at RED', () => {
    expect(canChangeSharing(colleague, record('AMBER'))).toBe(true);
    expect(canChangeSharing(colleague, record('RED'))).toBe(false);
    expect(canChangeSharing(creator, record('RED'))).toBe(true);
    expect(canChangeSharing(partner, record('AMBER'))).toBe(false);
    expect(canChangeSharing(named, record('GREEN'))).toBe(false);
  });
});

describe('TLP 2.0 marking definitions', () => {
  it('has the five levels with the OASIS marking-definition ids', () => {
    expect(TLP_LEVELS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(TLP_MARKING_DEFINITION_IDS.RED).toBe(
      'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    );
    for (const level of TLP_LEVELS) {
      expect(tlpFromMarkingDefinitionId(TLP_MARKING_DEFINITION_IDS[level])).toBe(level);
    }
    expect(new Set(Object.values(TLP_MARKING_DEFINITION_IDS)).size).toBe(5);
  });

  it('rejects TLP 1.0 names and other spellings', () => {
    expect(isTlpLevel('WHITE')).toBe(false);
    expect(isTlpLevel('amber')).toBe(false);
    expect(isTlpLevel('AMBER STRICT')).toBe(false);
    expect(isTlpLevel('AMBER+STRICT')).toBe(true);
  });
});
