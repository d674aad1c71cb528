/**
 * Traffic Light Protocol 2.0 levels, from the least to the most restricted. The API and the database
 * use these exact spellings (FIRST's own: `AMBER+STRICT` with a plus sign).
 */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/**
 * The STIX 2.1 marking-definition ids of TLP 2.0, as published by OASIS in `cti-stix-common-objects`
 * (extension `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`). Exports to STIX carry
 * these ids, so partners' tools recognise the marking without a mapping table.
 */
export const TLP_MARKING_DEFINITION_IDS: Readonly<Record<TlpLevel, string>> = Object.freeze({
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
});

/** The STIX extension definition that the TLP 2.0 marking definitions belong to. */
export const TLP_2_EXTENSION_DEFINITION_ID =
  'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/**
 * Whether a string is a TLP 2.0 level, spelled as FIRST spells it.
 *
 * @example
 * isTlpLevel('AMBER+STRICT'); // true
 * isTlpLevel('WHITE'); // false: TLP 1.0's WHITE became CLEAR in 2.0
 */
export function isTlpLevel(value: unknown): value is TlpLevel {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/**
 * The TLP 2.0 level a STIX marking-definition id stands for, or `undefined` for any other id.
 *
 * @example
 * tlpFromMarkingDefinitionId('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'); // 'RED'
 */
export function tlpFromMarkingDefinitionId(id: string): TlpLevel | undefined {
  return TLP_LEVELS.find((level) => TLP_MARKING_DEFINITION_IDS[level] === id);
}
