/**
 * The indicators' formula language: numbers, measure names, + - * / and parentheses, e.g.
 * `open_area_m2 / land_area_km2` or `1000 * open_count / population`. Pure.
 *
 * Evaluation never yields NaN or Infinity: a missing measure value or a zero denominator gives a
 * `missing` answer with its reason, which the engine flags and imputes.
 */
export type Expr = { k: 'num'; v: number } | { k: 'ref'; name: string } | { k: 'neg'; e: Expr } | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr };

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

type Tok = { t: 'num'; v: number; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[a-z_][a-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if ('+-*/()'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i++;
      continue;
    }
    throw new FormulaError(`无法识别的字符 “${c}”`, i);
  }
  return out;
}

/** Parses a formula; throws FormulaError with the position of the first problem. */
export function parseFormula(src: string): Expr {
  if (typeof src !== 'string' || !src.trim()) throw new FormulaError('公式为空', 0);
  if (src.length > 500) throw new FormulaError('公式过长(最多 500 个字符)', 500);
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const expect = (v: string) => {
    const t = toks[p];
    if (!t || t.t !== 'op' || t.v !== v) throw new FormulaError(`此处应为 “${v}”`, t?.at ?? src.length);
    p++;
  };
  let depth = 0;
  const expr = (): Expr => {
    let a = term();
    for (let t = peek(); t && t.t === 'op' && (t.v === '+' || t.v === '-'); t = peek()) {
      p++;
      a = { k: 'bin', op: t.v as '+' | '-', a, b: term() };
    }
    return a;
  };
  const term = (): Expr => {
    let a = factor();
    for (let t = peek(); t && t.t === 'op' && (t.v === '*' || t.v === '/'); t = peek()) {
      p++;
      a = { k: 'bin', op: t.v as '*' | '/', a, b: factor() };
    }
    return a;
  };
  const factor = (): Expr => {
    const t = peek();
    if (!t) throw new FormulaError('公式不完整', src.length);
    if (t.t === 'num') {
      p++;
      return { k: 'num', v: t.v };
    }
    if (t.t === 'id') {
      p++;
      return { k: 'ref', name: t.v };
    }
    if (t.v === '-') {
      p++;
      return { k: 'neg', e: factor() };
    }
    if (t.v === '(') {
      if (++depth > 20) throw new FormulaError('括号嵌套过深', t.at);
      p++;
      const e = expr();
      expect(')');
      depth--;
      return e;
    }
    throw new FormulaError(`此处不应出现 “${t.v}”`, t.at);
  };
  const e = expr();
  if (p < toks.length) throw new FormulaError(`多余的 “${toks[p].v}”`, toks[p].at);
  return e;
}

/** The measure names a formula uses, in order of first use. */
export function formulaRefs(e: Expr, out: string[] = []): string[] {
  if (e.k === 'ref') {
    if (!out.includes(e.name)) out.push(e.name);
  } else if (e.k === 'neg') formulaRefs(e.e, out);
  else if (e.k === 'bin') {
    formulaRefs(e.a, out);
    formulaRefs(e.b, out);
  }
  return out;
}

export type EvalResult = { ok: true; value: number } | { ok: false; reason: 'missing_measure' | 'zero_denominator'; measure?: string };

/** Evaluates over one unit's measure values; a null or absent value is missing data, not zero. */
export function evaluate(e: Expr, values: Record<string, number | null | undefined>): EvalResult {
  switch (e.k) {
    case 'num':
      return { ok: true, value: e.v };
    case 'ref': {
      const v = values[e.name];
      return typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'missing_measure', measure: e.name };
    }
    case 'neg': {
      const r = evaluate(e.e, values);
      return r.ok ? { ok: true, value: -r.value } : r;
    }
    case 'bin': {
      const a = evaluate(e.a, values);
      if (!a.ok) return a;
      const b = evaluate(e.b, values);
      if (!b.ok) return b;
      if (e.op === '/' && b.value === 0) return { ok: false, reason: 'zero_denominator' };
      const v = e.op === '+' ? a.value + b.value : e.op === '-' ? a.value - b.value : e.op === '*' ? a.value * b.value : a.value / b.value;
      return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'zero_denominator' };
    }
  }
}
