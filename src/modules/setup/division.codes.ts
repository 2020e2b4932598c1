/**
 * Pure: official division codes (统计用区划代码) and what they say about a division.
 *
 * The statistics bureau writes every code with 12 digits, PP CC DD TTT VVV (province, prefecture, county, town,
 * village), padding the levels below with zeros: 330000000000 is Zhejiang, 330482000000 Pinghu, 330482102000
 * 新埭镇, 330482102201 one of its villages. GB/T 2260 writes the first three levels with 6 digits (330000, 330400,
 * 330482), the land survey's 坐落单位代码 (ZLDWDM) writes 19 (the village's 12 and a 7-digit group). The product
 * keeps the short forms: province 2 digits, prefecture 4, county 6, town 9, village 12.
 */

export type OfficialLevel = 'province' | 'prefecture' | 'county' | 'town' | 'village';

export interface ParsedCode {
  /** The product's form: 2, 4, 6, 9 or 12 digits. */
  code: string;
  level: OfficialLevel;
  /** The level above in the product's form; null for a province. */
  parent: string | null;
}

const LEVEL_LENGTH: Record<OfficialLevel, number> = { province: 2, prefecture: 4, county: 6, town: 9, village: 12 };

function fromTwelve(d: string): ParsedCode | null {
  if (/^0{2}/.test(d)) return null;
  if (/^\d{2}0{10}$/.test(d)) return { code: d.slice(0, 2), level: 'province', parent: null };
  if (/^\d{4}0{8}$/.test(d)) return { code: d.slice(0, 4), level: 'prefecture', parent: d.slice(0, 2) };
  if (/^\d{6}0{6}$/.test(d)) return { code: d.slice(0, 6), level: 'county', parent: d.slice(0, 4) };
  if (/^\d{9}0{3}$/.test(d)) return { code: d.slice(0, 9), level: 'town', parent: d.slice(0, 6) };
  return { code: d, level: 'village', parent: d.slice(0, 9) };
}

/**
 * Reads a code in any of the forms above (spaces, a trailing ".0" from a spreadsheet and full-width digits
 * tolerated); null when it is not one.
 */
export function parseDivisionCode(raw: string | number | null | undefined): ParsedCode | null {
  if (raw === null || raw === undefined) return null;
  const d = String(raw)
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\.0+$/, '')
    .replace(/\s+/g, '');
  if (!/^\d+$/.test(d)) return null;
  switch (d.length) {
    case 2:
      return d === '00' ? null : { code: d, level: 'province', parent: null };
    case 4:
      return /00$/.test(d) ? fromTwelve(`${d.slice(0, 2)}0000000000`) : fromTwelve(`${d}00000000`);
    case 6:
      return fromTwelve(`${d}000000`);
    case 9:
      return /000$/.test(d) ? fromTwelve(`${d}000`) : { code: d, level: 'town', parent: d.slice(0, 6) };
    case 12:
      return fromTwelve(d);
    case 19:
      // a land-survey 坐落单位代码: the village's code and its group; a whole village ends in seven zeros
      return /0{7}$/.test(d) ? fromTwelve(d.slice(0, 12)) : null;
    default:
      return null;
  }
}

/** The 12-digit statistics form of a product code. */
export function twelveDigits(code: string): string {
  return code.padEnd(12, '0');
}

export function codeLength(level: OfficialLevel): number {
  return LEVEL_LENGTH[level];
}

/** Words a CSV's level column may use for each level (English or Chinese). */
const LEVEL_WORDS: Record<string, OfficialLevel> = {
  province: 'province',
  省: 'province',
  省级: 'province',
  prefecture: 'prefecture',
  地级: 'prefecture',
  地级市: 'prefecture',
  市级: 'prefecture',
  county: 'county',
  city: 'county',
  县: 'county',
  县级: 'county',
  区县: 'county',
  town: 'town',
  乡镇: 'town',
  乡级: 'town',
  镇街: 'town',
  village: 'village',
  村: 'village',
  村级: 'village',
  村社区: 'village',
};

export function levelWord(raw: string): OfficialLevel | null {
  return LEVEL_WORDS[raw.trim().toLowerCase()] ?? null;
}

/** The product's kind of a town or village from its official name. */
export function divisionKind(level: OfficialLevel, name: string): string | null {
  if (level === 'town') return name.endsWith('街道') || name.endsWith('街道办事处') ? 'subdistrict' : name.endsWith('乡') ? 'township' : 'town';
  if (level === 'village') return /社区|居委会|居民委员会/.test(name) ? 'community' : 'village';
  return null;
}

/** The name people say: the official name without the committee's suffix (…村村民委员会 → …村). */
export function shortDivisionName(name: string): string {
  return name
    .replace(/村村民委员会$/, '村')
    .replace(/社区居民委员会$/, '社区')
    .replace(/社区居委会$/, '社区')
    .replace(/街道办事处$/, '街道')
    .replace(/居民委员会$/, '')
    .replace(/村民委员会$/, '')
    .replace(/居委会$/, '');
}
