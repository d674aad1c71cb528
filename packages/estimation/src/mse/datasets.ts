import { type CaptureData, captureData } from './capture-data.js';

/** A published capture-history dataset kept for checks, examples and training. */
export interface MseDataset {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly lists: readonly string[];
  /** `pattern:count` pairs, bits in list order; unlisted histories count 0. */
  readonly histories: string;
}

/**
 * Reference datasets of the multiple systems estimation literature (as distributed with the R
 * packages SparseMSE 2.0.1 and modslavmse), used to check Jaga against published estimates.
 *
 * @example
 * const uk = datasetCaptureData(MSE_DATASETS.UKdat);
 * uk.total; // 2744
 */
export const MSE_DATASETS = {
  UKdat: {
    name: 'UKdat',
    description:
      'Potential victims of modern slavery in the UK, 2013 (National Crime Agency strategic assessment), six lists: local authorities, NGOs, police forces, government organisations, general public, National Crime Agency.',
    source: 'SparseMSE 2.0.1 / modslavmse; Silverman (2014), Home Office',
    lists: ['LA', 'NG', 'PF', 'GO', 'GP', 'NCA'],
    histories:
      '100000:54 010000:463 001000:907 000100:695 000010:316 000001:57 110000:15 101000:19 100100:3 011000:56 010100:19 010010:1 010001:3 001100:69 001010:10 001001:31 000110:8 000101:6 000011:1 111000:1 110100:1 011100:4 011001:3 001101:1 111100:1',
  },
  UKdat_5: {
    name: 'UKdat_5',
    description:
      'UKdat with the police forces and National Crime Agency lists merged (five lists).',
    source: 'SparseMSE 2.0.1 / modslavmse',
    lists: ['LA', 'NG', 'PFNCA', 'GO', 'GP'],
    histories:
      '10000:54 01000:463 00100:995 00010:695 00001:316 11000:15 10100:19 10010:3 01100:62 01010:19 01001:1 00110:76 00101:11 00011:8 11100:1 11010:1 01110:4 11110:1',
  },
  UKdat_4: {
    name: 'UKdat_4',
    description: 'UKdat_5 without the general-public list (four lists).',
    source: 'modslavmse',
    lists: ['LA', 'NG', 'PFNCA', 'GO'],
    histories:
      '1000:54 0100:464 0010:1006 0001:703 1100:15 1010:19 1001:3 0110:62 0101:19 0011:76 1110:1 1101:1 0111:4 1111:1',
  },
  Western: {
    name: 'Western',
    description: 'Victims of trafficking at a site in the western United States, five lists.',
    source: 'SparseMSE 2.0.1',
    lists: ['A', 'B', 'C', 'D', 'E'],
    histories:
      '10000:52 01000:90 00100:114 00010:45 00001:21 10100:4 10010:2 10001:5 01100:6 01010:1 00011:3 10101:1 01110:1',
  },
  NewOrl: {
    name: 'NewOrl',
    description:
      'Identified victims of human trafficking in Greater New Orleans, eight confidentially labelled lists (18 of the 28 pairs do not overlap).',
    source:
      'Bales, Murphy and Silverman (2020), J. Human Trafficking 6(4); counts recovered from the fit printed in the MultipleSystemsEstimation reproduce-2021 vignette (n = 186)',
    lists: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
    histories:
      '10000000:25 01000000:5 00100000:70 10100000:1 00010000:33 10010000:2 00110000:2 00001000:6 10001000:1 00101000:1 00011000:2 10011000:1 00000100:6 01000100:1 00000010:6 00100010:1 10100010:1 00000001:21 00001001:1',
  },
  NewOrl_5: {
    name: 'NewOrl_5',
    description: 'The New Orleans data reduced to five lists.',
    source:
      'Bales, Murphy and Silverman (2020); response vector printed in the MultipleSystemsEstimation reproduce-2021 vignette',
    lists: ['A', 'B', 'C', 'D', 'E'],
    histories:
      '10000:25 01000:24 11000:1 00100:70 10100:1 01100:2 11100:1 00010:33 10010:2 01010:2 11010:1 00110:2 00001:21 01001:1',
  },
  Korea: {
    name: 'Korea',
    description: 'Three-list dataset from Korea used in the SparseMSE and 2024 bootstrap papers.',
    source: 'SparseMSE 2.0.1; Silverman, Chan and Vincent (2024)',
    lists: ['b', 'c', 'd'],
    histories: '001:41 010:5 100:5 110:54 101:6 011:0 111:12',
  },
  Artificial_3: {
    name: 'Artificial_3',
    description: 'Artificial three-list data showing non-existence and non-identifiability.',
    source: 'SparseMSE 2.0.1',
    lists: ['A', 'B', 'C'],
    histories: '100:40 010:30 001:20 110:6',
  },
} as const satisfies Record<string, MseDataset>;

/**
 * Turn a dataset's `pattern:count` text into validated capture data.
 *
 * @example
 * datasetCaptureData(MSE_DATASETS.Korea).lists; // ['b', 'c', 'd']
 */
export function datasetCaptureData(dataset: MseDataset): CaptureData {
  const rows = dataset.histories
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [pattern = '', count = ''] = pair.split(':');
      return { history: [...pattern].map(Number), count: Number(count) };
    });
  return captureData(dataset.lists, rows);
}
