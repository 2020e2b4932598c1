/**
 * Pure: a CSV of official division codes and names read into the county's tree, with every row's fate.
 *
 * What the statistics bureau's tables and the common public copies of them look like: a header with
 * 统计用区划代码 / 代码 / code and 名称 / name (an optional level, parent code and 城乡分类代码), or no header at
 * all (code, [urban-rural class,] name); UTF-8 with or without BOM, or GBK as Excel on a Chinese Windows
 * saves it. A file may hold the whole province: the county to load is chosen by its code.
 */
import { divisionKind, levelWord, parseDivisionCode, shortDivisionName, type OfficialLevel } from './division.codes.js';

export interface CsvDivision {
  /** 1-based line in the file. */
  line: number;
  code: string;
  level: OfficialLevel;
  parent: string | null;
  name: string;
  shortName: string;
  kind: string | null;
}

export interface CsvRowProblem {
  line: number;
  code: string | null;
  reason: string;
}

export interface DivisionCsv {
  encoding: 'utf-8' | 'gbk';
  rows: number;
  county: CsvDivision | null;
  /** The province and prefecture rows above the county, when the file has them. */
  above: CsvDivision[];
  /** The county's towns and villages, parents before children. */
  tree: CsvDivision[];
  /** Rows of other counties (a province-wide file), counted, not loaded. */
  otherCounties: number;
  problems: CsvRowProblem[];
}

/** UTF-8 when the bytes are (a BOM, or valid UTF-8); GBK otherwise, or as declared. */
export function decodeText(bytes: Uint8Array, declared?: string | null): { text: string; encoding: 'utf-8' | 'gbk' } {
  const enc = declared
    ?.trim()
    .toLowerCase()
    .replace(/^(cp936|gb2312|gb18030)$/, 'gbk');
  if (enc === 'gbk') return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  if (enc && enc !== 'utf-8' && enc !== 'utf8') throw new Error(`unsupported encoding ${declared}: use UTF-8 or GBK`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch (e) {
    if (enc) throw e;
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes; tab-separated when the header is. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

const HEADERS: Record<'code' | 'name' | 'level' | 'parent', string[]> = {
  code: ['code', '代码', '区划代码', '统计用区划代码', '行政区划代码', '行政区代码', 'xzqdm', 'adcode'],
  name: ['name', '名称', '区划名称', '行政区划名称', '行政区名称', '单位名称', 'xzqmc'],
  level: ['level', '级别', '层级', '区划级别'],
  parent: ['parent_code', 'parent', 'parentcode', '上级代码', '上级区划代码', '父级代码'],
};

function headerIndex(header: string[]) {
  const norm = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const find = (names: string[]) => norm.findIndex((h) => names.includes(h));
  return { code: find(HEADERS.code), name: find(HEADERS.name), level: find(HEADERS.level), parent: find(HEADERS.parent) };
}

/**
 * Reads the file and picks the county (`countyCode` in any code form, or the only county the file has).
 * Rows of the chosen county with a problem are listed; so are levels the code and a level column disagree on,
 * a parent code that contradicts the code, and a village or town whose parent is not in the file.
 */
export function readDivisionCsv(bytes: Uint8Array, opts: { countyCode?: string | null; encoding?: string | null } = {}): DivisionCsv {
  const { text, encoding } = decodeText(bytes, opts.encoding);
  const table = parseCsv(text.replace(/^\uFEFF/, ''));
  const problems: CsvRowProblem[] = [];
  let idx = { code: 0, name: -1, level: -1, parent: -1 };
  let start = 0;
  const first = table.find((r) => r.some((c) => c.trim() !== ''));
  if (first && !first.some((c) => parseDivisionCode(c))) {
    idx = headerIndex(first);
    start = table.indexOf(first) + 1;
    if (idx.code < 0 || idx.name < 0) {
      problems.push({
        line: start,
        code: null,
        reason: `表头须有代码列(${HEADERS.code.slice(0, 4).join('/')})和名称列(${HEADERS.name.slice(0, 3).join('/')}),实为:${first.join(',')}`,
      });
      return { encoding, rows: 0, county: null, above: [], tree: [], otherCounties: 0, problems };
    }
  }
  const all: CsvDivision[] = [];
  const seen = new Map<string, CsvDivision>();
  for (let i = start; i < table.length; i++) {
    const cells = table[i].map((c) => c.trim());
    const line = i + 1;
    if (cells.every((c) => c === '')) continue;
    // no header: the first cell that is a code, and the last cell that is not a number is the name
    const rawCode = idx.name >= 0 ? cells[idx.code] : cells.find((c) => parseDivisionCode(c));
    const name = idx.name >= 0 ? (cells[idx.name] ?? '') : ([...cells].reverse().find((c) => c !== '' && !/^\d+$/.test(c)) ?? '');
    const parsed = parseDivisionCode(rawCode);
    if (!parsed) {
      problems.push({ line, code: rawCode ?? null, reason: `代码"${rawCode ?? ''}"不是区划代码(应为 6、9 或 12 位数字)` });
      continue;
    }
    if (!name) {
      problems.push({ line, code: parsed.code, reason: '名称为空' });
      continue;
    }
    if (idx.level >= 0 && cells[idx.level]) {
      const declared = levelWord(cells[idx.level]);
      if (declared && declared !== parsed.level) {
        problems.push({ line, code: parsed.code, reason: `级别列为"${cells[idx.level]}",代码 ${rawCode} 却是${LEVEL_NAMES[parsed.level]}级` });
        continue;
      }
    }
    if (idx.parent >= 0 && cells[idx.parent]) {
      const declared = parseDivisionCode(cells[idx.parent]);
      if (!declared || declared.code !== parsed.parent) {
        problems.push({ line, code: parsed.code, reason: `上级代码列为 ${cells[idx.parent]},与代码 ${rawCode} 的上级 ${parsed.parent} 不符` });
        continue;
      }
    }
    const d: CsvDivision = { line, ...parsed, name, shortName: shortDivisionName(name), kind: divisionKind(parsed.level, name) };
    const before = seen.get(d.code);
    if (before) {
      if (before.name !== d.name) problems.push({ line, code: d.code, reason: `代码 ${d.code} 重复(第 ${before.line} 行为"${before.name}")` });
      continue;
    }
    seen.set(d.code, d);
    all.push(d);
  }
  const counties = all.filter((d) => d.level === 'county');
  const wanted = opts.countyCode ? parseDivisionCode(opts.countyCode) : null;
  if (opts.countyCode && wanted?.level !== 'county') {
    problems.push({ line: 0, code: opts.countyCode, reason: `--county ${opts.countyCode} 不是县级区划代码` });
    return { encoding, rows: all.length, county: null, above: [], tree: [], otherCounties: 0, problems };
  }
  const countyCode = wanted?.code ?? (counties.length === 1 ? counties[0].code : null);
  if (!countyCode) {
    const reason = counties.length
      ? `文件含 ${counties.length} 个县级区划(${counties
          .slice(0, 5)
          .map((c) => `${c.code} ${c.name}`)
          .join('、')}${counties.length > 5 ? '…' : ''}),请用 --county 指定本县`
      : '文件中没有县级区划(代码如 330482 或 330482000000 的行)';
    problems.push({ line: 0, code: null, reason });
    return { encoding, rows: all.length, county: null, above: [], tree: [], otherCounties: 0, problems };
  }
  const county = seen.get(countyCode) ?? null;
  if (!county) problems.push({ line: 0, code: countyCode, reason: `文件中没有县级区划 ${countyCode} 的行` });
  const above = [countyCode.slice(0, 4), countyCode.slice(0, 2)].map((c) => seen.get(c)).filter((d): d is CsvDivision => !!d);
  const inCounty = (d: CsvDivision) => d.code.startsWith(countyCode) && d.code !== countyCode;
  const tree: CsvDivision[] = [];
  for (const level of ['town', 'village'] as const) {
    for (const d of all.filter((x) => x.level === level && inCounty(x))) {
      if (d.parent !== countyCode && !seen.has(d.parent!)) {
        problems.push({ line: d.line, code: d.code, reason: `上级区划 ${d.parent} 不在文件中` });
        continue;
      }
      if (level === 'village' && !tree.some((t) => t.code === d.parent)) continue; // its town was refused: said there
      tree.push(d);
    }
  }
  const otherCounties = all.filter((d) => !inCounty(d) && d.code !== countyCode && !above.includes(d)).length;
  return { encoding, rows: all.length, county, above, tree, otherCounties, problems };
}

export const LEVEL_NAMES: Record<OfficialLevel, string> = { province: '省', prefecture: '地市', county: '县', town: '乡镇(街道)', village: '村(社区)' };
