/**
 * Synthetic agency lists for testing and benchmarking record linkage: people from the countries
 * most trafficked into scam compounds, with the errors real victim lists carry (typing slips,
 * transliteration variants, swapped name order, day/month confusion, missing values). Names are
 * common given names and surnames; no record describes a real person.
 */

/** Column order of the records: the order of {@link VICTIM_LIST_SCHEMA}'s features. */
export const SYNTHETIC_COLUMNS = ['id', 'name', 'dateOfBirth', 'sex', 'nationality'] as const;

/** The linkage schema the synthetic lists are encoded with (also the one documented for agencies). */
export const VICTIM_LIST_SCHEMA = {
  version: 3,
  clkConfig: {
    l: 1024,
    kdf: { type: 'HKDF', hash: 'SHA256', info: 'amFnYS12aWN0aW0tbGlzdHM=', keySize: 64 },
  },
  features: [
    { identifier: 'id', ignored: true },
    {
      identifier: 'name',
      description: 'given and family names, upper case, separated by single spaces, in any order',
      format: { type: 'string', encoding: 'utf-8', case: 'upper', maxLength: 128 },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 300 } },
    },
    {
      identifier: 'dateOfBirth',
      format: { type: 'date', format: '%Y-%m-%d' },
      hashing: {
        comparison: { type: 'ngram', n: 2 },
        strategy: { bitsPerFeature: 400 },
        missingValue: { sentinel: '', replaceWith: '' },
      },
    },
    {
      identifier: 'sex',
      format: { type: 'enum', values: ['F', 'M', 'X'] },
      hashing: {
        comparison: { type: 'exact' },
        strategy: { bitsPerToken: 20 },
        missingValue: { sentinel: '', replaceWith: '' },
      },
    },
    {
      identifier: 'nationality',
      format: { type: 'string', encoding: 'ascii', pattern: '[A-Z]{3}|' },
      hashing: { comparison: { type: 'exact' }, strategy: { bitsPerToken: 20 } },
    },
  ],
};

interface Region {
  readonly nationality: string;
  readonly given: readonly string[];
  /** Family names; empty where people carry no family name (Myanmar). */
  readonly family: readonly string[];
}

const words = (text: string): string[] => text.split(' ').map((w) => w.replaceAll('_', ' '));

/** Every prefix joined to every suffix: how Thai and Sinhala family names are built. */
const compounds = (prefixes: string, suffixes: string): string[] =>
  words(prefixes).flatMap((p) => words(suffixes).map((s) => p + s));

const REGIONS: readonly Region[] = [
  {
    nationality: 'IDN',
    given: words(
      'AGUS BUDI SITI DEWI RINA ANDI EKO SRI WAHYU NUR PUTRI RIZKY DIAN INDAH ADI YULI HENDRA FITRI BAYU RATNA TAUFIK LESTARI ARIF WULAN JOKO MAYA IRFAN SUSANTI DONI NINGSIH YANTO ROSITA HERU SUPRIADI ANISA DEDI NOVITA FAJAR KARTIKA IWAN MEGA RUDI TRI LINA BAMBANG ELSA YOGA INTAN GILANG RATIH',
    ),
    family: words(
      'SANTOSO WIJAYA HIDAYAT SAPUTRA KURNIAWAN SETIAWAN PRATAMA NUGROHO RAHAYU LESTARI HARAHAP SIREGAR NASUTION SIMANJUNTAK PURBA GINTING TAMBUNAN SUHARTO WIBOWO HALIM GUNAWAN SUTRISNO HARTONO PURNOMO SUBAGYO HASIBUAN LUBIS MANURUNG SITUMORANG PANJAITAN DAMANIK SARAGIH SINAGA RANGKUTI FIRMANSYAH HERMAWAN KUSUMA SUSANTO WAHYUDI RAMADHAN SYAHPUTRA',
    ),
  },
  {
    nationality: 'PHL',
    given: words(
      'JOHN MARK MARIA JOSE ANGELICA MICHAEL JENNIFER RICHARD KRISTINE CHRISTIAN JOY RONALDO MARICEL JOMAR ARNEL RICA NOEL LEA JAYSON CHERRY ROWENA DANILO GLENDA EDGAR RIZA JUNREY MARIBEL ROMMEL LOVELY RODEL JOCELYN ARVIN MAYLENE REYNALDO CRISTINA BENJIE DAISY ALVIN MYLENE JERICHO SHIELA RAMIL APRIL',
    ),
    family: words(
      'SANTOS REYES CRUZ BAUTISTA OCAMPO GARCIA MENDOZA TORRES TOMAS ANDRADA CASTILLO FLORES VILLANUEVA RAMOS CASTRO RIVERA AQUINO NAVARRO SALAZAR MERCADO DELA_CRUZ DE_GUZMAN MAGBANUA PASCUAL GONZALES LOPEZ DIZON SORIANO MANALO LACSON DIMAANO MACARAEG PANGILINAN ESGUERRA BALTAZAR CABRERA DOMINGO ESPIRITU FAJARDO GALANG ILAGAN JAVIER LIWANAG MALLARI NEPOMUCENO OBISPO PADILLA QUIAMBAO ROXAS SAMONTE TOLENTINO UMALI VELASCO YAP ZAMORA',
    ),
  },
  {
    nationality: 'VNM',
    given: words(
      'ANH BAO CHI DUNG GIANG HA HAI HANH HIEU HOA HUNG HUONG KHANH LAN LINH LONG MAI MINH NAM NGOC PHUONG QUANG QUYNH THANH THAO THU TRANG TUAN VAN VY THI VAN DUC HOANG XUAN KIM THUY DIEP NHUNG TAM TRUNG KHOA CUONG DAT PHONG SON TIEN HIEN YEN LOAN',
    ),
    family: words(
      'NGUYEN NGUYEN NGUYEN TRAN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY',
    ),
  },
  {
    nationality: 'THA',
    given: words(
      'SOMCHAI SOMSAK SUDARAT MALEE NIRAN KANYA PRASERT WANNA SOMPONG CHAIYA APINYA KITTI NATTAPONG SUPAPORN THANAWAT PORNTIP ARTHIT JIRAPORN WICHAI RATANA ANUCHA BUNMA CHATCHAI DARUNEE EKKARAT KAMOL LAMAI MANEE NARONG ORATAI PANYA SIRIPORN TAWEE UTHAI WARUNEE YUPIN PATCHARA NOPPADON',
    ),
    family: compounds(
      'SRI WONG CHAI BOON KAEW THONG SUK RATTANA PHROM INTHA CHANTHA SOM JAI SAENG PHAN KHAM',
      'SUK SAWAT YAPORN MA MANEE DEE KUL PRASERT PHAN WONG BOON CHAROEN SIRI NGAM THAWORN',
    ),
  },
  {
    nationality: 'CHN',
    given: words(
      'WEI FANG JING LEI YAN MIN JUN HUI XIN YU HAO LI NA QIANG TAO JIE YING LIN PENG XIAO MING XIU BO CHAO DAN FENG GANG HONG JIAN KAI LAN MEI PING QING RONG SHAN TING WEN XUE YONG ZHEN ZHI',
    ),
    family: words(
      'WANG LI ZHANG LIU CHEN YANG HUANG ZHAO WU ZHOU XU SUN MA ZHU HU GUO HE LIN LUO GAO',
    ),
  },
  {
    nationality: 'MYS',
    given: words(
      'MUHAMMAD AHMAD NUR SITI MOHD AISYAH FARAH HAFIZ AMIRUL NURUL SYAFIQ AIN IZZAT ZULKIFLI HASLINDA RAZAK KUMAR PRIYA WEI LING FAIZAL HIDAYAH IRFAN JAMILAH KHAIRUL LATIFAH NORAINI RAHIM SALMAH TAUFIQ WAN YUSRI ZAINAB DANIAL HANA',
    ),
    family: words(
      'ABDULLAH IBRAHIM ISMAIL HASSAN OTHMAN RAHMAN YUSOF AZIZ HAMID OMAR TAN LIM LEE NG WONG SUBRAMANIAM',
    ),
  },
  {
    nationality: 'KEN',
    given: words(
      'JOHN MARY JOSEPH GRACE PETER FAITH DAVID MERCY JAMES ESTHER BRIAN CAROLINE KEVIN DIANA DENNIS SHARON COLLINS BEATRICE AUMA BARASA DORCAS EVANS FELIX GLADYS HILLARY IVY JACKLINE KIPCHUMBA LILIAN MOSES NAOMI OSCAR PURITY RUTH SAMUEL TABITHA VICTOR WINNIE',
    ),
    family: words(
      'OTIENO WANJIKU KAMAU MWANGI OCHIENG ODHIAMBO KIPROTICH CHEBET NJOROGE MUTUA KARIUKI WAMBUI ONYANGO KIMANI NJERI ACHIENG WAFULA BARASA WEKESA MUTHONI NDUNGU GITAU KIBET KOECH LANGAT RUTO MUSYOKA NYAMBURA OMONDI OWINO AKINYI ADHIAMBO WERE MAINA WAWERU KILONZO MBUGUA CHERUIYOT',
    ),
  },
  {
    nationality: 'MMR',
    given: words(
      'AUNG KYAW MYA THIDA ZAW HLA NAY SU MIN AYE THANT PHYO EI KHIN WIN SANDAR NILAR MOE THAW YADANAR PYAE SITHU CHAW HNIN KAUNG LIN MAY NANDAR WAI YAMIN ZIN THET HTET OO NAING LWIN MYINT THEIN SOE TUN KYI MAUNG HTUN NYEIN',
    ),
    family: [],
  },
  {
    nationality: 'LKA',
    given: words(
      'NIMAL KAMAL SUNIL DILANI CHAMARI RUWAN NADEESHA PRIYANTHA THARINDU SANDUN HIRUNI KASUN ANURA BUDDHIKA CHATHURA DINESH GAYANI HASINI ISURU JANAKA LAHIRU MADUSHANI NUWAN PRASAD SACHINI THILINI UPUL',
    ),
    family: [
      ...compounds(
        'JAYA WICKRAMA GUNA RATNA DISSA SENA KARUNA WEERA SAMARA ABEY',
        'SINGHE SEKARA WARDENA NAYAKE SURIYA RATNE',
      ),
      ...words('PERERA FERNANDO DE_SILVA BANDARA HERATH MENDIS PEIRIS ALWIS RAJAPAKSA'),
    ],
  },
];

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  A: 'QSZ',
  B: 'VGHN',
  C: 'XDFV',
  D: 'SERFCX',
  E: 'WRSD',
  F: 'DRTGVC',
  G: 'FTYHBV',
  H: 'GYUJNB',
  I: 'UJKO',
  J: 'HUIKMN',
  K: 'JIOLM',
  L: 'KOP',
  M: 'NJK',
  N: 'BHJM',
  O: 'IKLP',
  P: 'OL',
  Q: 'WA',
  R: 'EDFT',
  S: 'AWEDXZ',
  T: 'RFGY',
  U: 'YHJI',
  V: 'CFGB',
  W: 'QASE',
  X: 'ZSDC',
  Y: 'TGHU',
  Z: 'ASX',
};

/** Spelling variants seen when the same name is transliterated or heard by different officers. */
const RESPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/PH/, 'F'],
  [/OU/, 'U'],
  [/EE/, 'I'],
  [/Y/, 'I'],
  [/U/, 'OO'],
  [/MOHD/, 'MOHAMAD'],
  [/MUHAMMAD/, 'MOHAMMAD'],
  [/TH/, 'T'],
  [/([AEIOU])([AEIOU])/, '$1'],
  [/([BCDFGKLMNPRSTZ])\1/, '$1'],
  [/([LNST])([AEIOU])$/, '$1$2H'],
];

/** Seeded generator (mulberry32): the same seed gives the same lists on every machine. */
function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string;
  nationality: string;
}

/** How often each kind of error is introduced into a record, per record. */
export interface ErrorRates {
  /** One typing slip (substitution by a keyboard neighbour, deletion, insertion, transposition) in a name. */
  readonly typo: number;
  /** A transliteration respelling of a name. */
  readonly respelling: number;
  /** Given and family name entered in each other's fields. */
  readonly swappedNames: number;
  /** Only the first part of a multi-part given name recorded. */
  readonly shortenedName: number;
  /** Day and month exchanged, a year off by one, or one digit mistyped in the date of birth. */
  readonly dateError: number;
  /** Date of birth or sex not recorded. */
  readonly missing: number;
}

/** Error rates used for the documented accuracy figures. */
export const REALISTIC_ERROR_RATES: ErrorRates = {
  typo: 0.2,
  respelling: 0.1,
  swappedNames: 0.02,
  shortenedName: 0.05,
  dateError: 0.1,
  missing: 0.03,
};

/** Options of {@link syntheticLinkageLists}. */
export interface SyntheticListsOptions {
  readonly sizeA: number;
  readonly sizeB: number;
  /** People on both lists. */
  readonly overlap: number;
  readonly seed: number;
  /** Errors in list B's copy of a person (list A gets a third of these rates). */
  readonly errors?: ErrorRates;
}

/** Two agency lists as CSV-like string rows, with the true links for scoring. */
export interface SyntheticLists {
  readonly a: string[][];
  readonly b: string[][];
  /** `[indexInA, indexInB]` for every person on both lists. */
  readonly truth: readonly (readonly [number, number])[];
}

/**
 * Generates two overlapping lists of people, each record in {@link SYNTHETIC_COLUMNS} order.
 *
 * @example
 * const { a, b, truth } = syntheticLinkageLists({ sizeA: 1000, sizeB: 1000, overlap: 500, seed: 1 });
 */
export function syntheticLinkageLists(options: SyntheticListsOptions): SyntheticLists {
  const random = createRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const errorsB = options.errors ?? REALISTIC_ERROR_RATES;
  const errorsA = Object.fromEntries(
    Object.entries(errorsB).map(([k, v]) => [k, v / 3]),
  ) as unknown as ErrorRates;

  const person = (): Person => {
    const region = pick(REGIONS);
    // Myanmar names have no family part: two or three name words instead.
    const noFamily = region.family.length === 0;
    const parts = noFamily ? 2 + Math.floor(random() * 2) : random() < 0.5 ? 2 : 1;
    const given = Array.from({ length: parts }, () => pick(region.given)).join(' ');
    const year = 1975 + Math.floor(random() * 33);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return {
      givenName: given,
      familyName: noFamily ? '' : pick(region.family),
      dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      sex: random() < 0.55 ? 'M' : 'F',
      nationality: region.nationality,
    };
  };

  const typo = (name: string): string => {
    const chars = Array.from(name);
    const at = Math.floor(random() * chars.length);
    const c = chars[at] ?? 'A';
    const kind = random();
    if (kind < 0.4) chars[at] = pick(Array.from(KEYBOARD_NEIGHBOURS[c] ?? 'E'));
    else if (kind < 0.6 && chars.length > 3) chars.splice(at, 1);
    else if (kind < 0.8) chars.splice(at, 0, pick(Array.from(KEYBOARD_NEIGHBOURS[c] ?? c)));
    else if (at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1] ?? c, c];
    return chars.join('');
  };

  const respell = (name: string): string => {
    const rules = RESPELLINGS.filter(([pattern]) => pattern.test(name));
    if (rules.length === 0) return name;
    const [pattern, replacement] = pick(rules);
    return name.replace(pattern, replacement);
  };

  const corrupt = (p: Person, rates: ErrorRates): Person => {
    const q = { ...p };
    const nameField = (): 'givenName' | 'familyName' =>
      random() < 0.5 ? 'givenName' : 'familyName';
    if (random() < rates.typo) {
      const f = nameField();
      q[f] = typo(q[f]);
    }
    if (random() < rates.respelling) {
      const f = nameField();
      q[f] = respell(q[f]);
    }
    if (random() < rates.shortenedName && q.givenName.includes(' ') && q.familyName !== '') {
      q.givenName = q.givenName.split(' ')[0] ?? q.givenName;
    }
    if (random() < rates.swappedNames) [q.givenName, q.familyName] = [q.familyName, q.givenName];
    if (random() < rates.dateError) {
      const [y, m, d] = q.dateOfBirth.split('-');
      const kind = random();
      if (kind < 0.35 && Number(d) <= 12) q.dateOfBirth = `${y}-${d}-${m}`;
      else if (kind < 0.6) q.dateOfBirth = `${Number(y) + (random() < 0.5 ? -1 : 1)}-${m}-${d}`;
      else {
        const dd = String(1 + Math.floor(random() * 28)).padStart(2, '0');
        q.dateOfBirth = `${y}-${m}-${dd}`;
      }
    }
    if (random() < rates.missing) {
      if (random() < 0.5) q.dateOfBirth = '';
      else q.sex = '';
    }
    return q;
  };

  const { sizeA, sizeB, overlap } = options;
  if (overlap > Math.min(sizeA, sizeB)) throw new RangeError('overlap exceeds a list size');
  const shared = Array.from({ length: overlap }, person);
  const onlyA = Array.from({ length: sizeA - overlap }, person);
  const onlyB = Array.from({ length: sizeB - overlap }, person);
  // Shuffle so list positions carry no information about the truth.
  const shuffle = (n: number) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return order;
  };
  const posA = shuffle(sizeA);
  const posB = shuffle(sizeB);
  const a: string[][] = new Array(sizeA);
  const b: string[][] = new Array(sizeB);
  const row = (p: Person, id: string) => [
    id,
    [p.givenName, p.familyName].filter((part) => part !== '').join(' '),
    p.dateOfBirth,
    p.sex,
    p.nationality,
  ];
  const truth: [number, number][] = [];
  [...shared, ...onlyA].forEach((p, k) => {
    const at = posA[k] as number;
    a[at] = row(corrupt(p, errorsA), `A${at}`);
  });
  [...shared, ...onlyB].forEach((p, k) => {
    const at = posB[k] as number;
    b[at] = row(corrupt(p, errorsB), `B${at}`);
    if (k < overlap) truth.push([posA[k] as number, at]);
  });
  return { a, b, truth };
}
