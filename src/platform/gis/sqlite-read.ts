/**
 * Reads the tables of an SQLite 3 database file held in memory: the schema, and every row of a table in rowid
 * order (table b-trees: interior and leaf pages, overflow chains). Enough to read a GeoPackage a county's GIS
 * office sends (gpkg-read.ts) without a native module or an SQLite build; indexes, WAL files and writing are
 * out of scope (sqlite-file.ts writes). The format: https://www.sqlite.org/fileformat2.html
 */

export type SqlCell = null | number | bigint | string | Uint8Array;

export class SqliteReadError extends Error {}

export interface SqliteSchemaRow {
  type: string;
  name: string;
  tblName: string;
  rootPage: number;
  sql: string | null;
}

const dec = new TextDecoder();

export function openSqlite(bytes: Uint8Array) {
  if (bytes.length < 100 || dec.decode(bytes.subarray(0, 16)) !== 'SQLite format 3\0') throw new SqliteReadError('不是 SQLite 数据库文件');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawSize = dv.getUint16(16);
  const pageSize = rawSize === 1 ? 65536 : rawSize;
  const reserved = bytes[20];
  const usable = pageSize - reserved;
  const textEncoding = dv.getUint32(56);
  if (textEncoding !== 1 && textEncoding !== 0) throw new SqliteReadError('数据库文本编码不是 UTF-8');
  const pages = Math.floor(bytes.length / pageSize);

  const page = (n: number) => {
    if (n < 1 || n > pages) throw new SqliteReadError(`页号 ${n} 超出文件范围`);
    return (n - 1) * pageSize;
  };
  const u16 = (o: number) => dv.getUint16(o);
  const u32 = (o: number) => dv.getUint32(o);

  function varint(o: number): [bigint, number] {
    let v = 0n;
    for (let i = 0; i < 8; i++) {
      const b = bytes[o + i];
      v = (v << 7n) | BigInt(b & 0x7f);
      if (!(b & 0x80)) return [v, i + 1];
    }
    v = (v << 8n) | BigInt(bytes[o + 8]);
    return [v, 9];
  }

  /** A cell's whole payload, following its overflow chain. */
  function payload(o: number, size: number): Uint8Array {
    const maxLocal = usable - 35;
    if (size <= maxLocal) return bytes.subarray(o, o + size);
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
    const k = minLocal + ((size - minLocal) % (usable - 4));
    const local = k <= maxLocal ? k : minLocal;
    const out = new Uint8Array(size);
    out.set(bytes.subarray(o, o + local), 0);
    let filled = local;
    let next = u32(o + local);
    let guard = 0;
    while (filled < size && next) {
      if (++guard > pages) throw new SqliteReadError('溢出页链有环');
      const p = page(next);
      const n = Math.min(usable - 4, size - filled);
      out.set(bytes.subarray(p + 4, p + 4 + n), filled);
      filled += n;
      next = u32(p);
    }
    return out;
  }

  function record(p: Uint8Array): SqlCell[] {
    const pdv = new DataView(p.buffer, p.byteOffset, p.byteLength);
    let o = 0;
    const rd = (): number => {
      let v = 0;
      for (let i = 0; i < 9; i++) {
        const b = p[o++];
        if (i === 8) return v * 256 + b;
        v = v * 128 + (b & 0x7f);
        if (!(b & 0x80)) return v;
      }
      return v;
    };
    const headerSize = rd();
    const types: number[] = [];
    while (o < headerSize) types.push(rd());
    let b = headerSize;
    const out: SqlCell[] = [];
    for (const t of types) {
      if (t === 0) out.push(null);
      else if (t >= 1 && t <= 6) {
        const len = [0, 1, 2, 3, 4, 6, 8][t];
        let v = BigInt.asIntN(
          len * 8,
          [...p.subarray(b, b + len)].reduce((a, x) => (a << 8n) | BigInt(x), 0n),
        );
        if (len === 0) v = 0n;
        out.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        b += len;
      } else if (t === 7) {
        out.push(pdv.getFloat64(b));
        b += 8;
      } else if (t === 8) out.push(0);
      else if (t === 9) out.push(1);
      else if (t >= 12 && t % 2 === 0) {
        const len = (t - 12) / 2;
        out.push(p.slice(b, b + len));
        b += len;
      } else if (t >= 13) {
        const len = (t - 13) / 2;
        out.push(dec.decode(p.subarray(b, b + len)));
        b += len;
      } else throw new SqliteReadError(`未知的记录类型 ${t}`);
    }
    return out;
  }

  /** Every row of the table b-tree rooted at `root`, in rowid order. */
  function* rows(root: number): Generator<{ rowid: number; values: SqlCell[] }> {
    const stack = [root];
    let guard = 0;
    while (stack.length) {
      if (++guard > pages * 2) throw new SqliteReadError('B 树有环');
      const n = stack.pop()!;
      const base = page(n);
      const h = n === 1 ? base + 100 : base;
      const type = bytes[h];
      const count = u16(h + 3);
      if (type === 0x05) {
        const children: number[] = [];
        for (let i = 0; i < count; i++) children.push(u32(base + u16(h + 12 + i * 2)));
        children.push(u32(h + 8));
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      } else if (type === 0x0d) {
        for (let i = 0; i < count; i++) {
          let o = base + u16(h + 8 + i * 2);
          const [size, a] = varint(o);
          o += a;
          const [rowid, b] = varint(o);
          o += b;
          yield { rowid: Number(rowid), values: record(payload(o, Number(size))) };
        }
      } else throw new SqliteReadError(`第 ${n} 页不是表的 B 树页(类型 ${type})`);
    }
  }

  const schema: SqliteSchemaRow[] = [...rows(1)].map(({ values: v }) => ({
    type: String(v[0]),
    name: String(v[1]),
    tblName: String(v[2]),
    rootPage: Number(v[3]),
    sql: v[4] === null ? null : String(v[4]),
  }));

  return {
    schema,
    /** A table's column names, from its CREATE TABLE statement; `rowidColumn` is the INTEGER PRIMARY KEY that stands for the rowid. */
    columns(table: string): { names: string[]; rowidColumn: number | null } {
      const t = schema.find((s) => s.type === 'table' && s.name.toLowerCase() === table.toLowerCase());
      if (!t?.sql) throw new SqliteReadError(`没有表 ${table}`);
      const body = t.sql.slice(t.sql.indexOf('(') + 1, t.sql.lastIndexOf(')'));
      const parts: string[] = [];
      let depth = 0;
      let cur = '';
      let quote: string | null = null;
      for (const ch of body) {
        if (quote) {
          if (ch === quote) quote = null;
        } else if (ch === '"' || ch === "'" || ch === '`' || ch === '[') quote = ch === '[' ? ']' : ch;
        else if (ch === '(') depth++;
        else if (ch === ')') depth--;
        else if (ch === ',' && depth === 0) {
          parts.push(cur);
          cur = '';
          continue;
        }
        cur += ch;
      }
      parts.push(cur);
      const names: string[] = [];
      let rowidColumn: number | null = null;
      for (const raw of parts) {
        const p = raw.trim();
        if (/^(constraint|primary\s+key|unique|foreign\s+key|check)\b/i.test(p)) continue;
        const m = /^(?:"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|'([^']*)'|(\S+))\s*(.*)$/s.exec(p)!;
        const name = (m[1]?.replaceAll('""', '"') ?? m[2] ?? m[3] ?? m[4] ?? m[5]) as string;
        if (/^integer\b/i.test(m[6].trim()) && /\bprimary\s+key\b/i.test(m[6])) rowidColumn = names.length;
        names.push(name);
      }
      return { names, rowidColumn };
    },
    /** A table's rows as objects by column name. */
    *table(table: string): Generator<Record<string, SqlCell>> {
      const t = schema.find((s) => s.type === 'table' && s.name.toLowerCase() === table.toLowerCase());
      if (!t) throw new SqliteReadError(`没有表 ${table}`);
      const { names, rowidColumn } = this.columns(table);
      for (const r of rows(t.rootPage)) {
        const o: Record<string, SqlCell> = {};
        names.forEach((n, i) => {
          o[n] = i === rowidColumn ? r.rowid : (r.values[i] ?? null);
        });
        yield o;
      }
    },
  };
}
