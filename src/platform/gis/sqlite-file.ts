/**
 * Writes a new SQLite 3 database file in memory: tables with their rows, no index, nothing to update.
 * This is what a GeoPackage export needs (gpkg.ts), without a native module or a 1 MB wasm build of SQLite
 * to install: the file format is documented (https://www.sqlite.org/fileformat2.html) and stable since 2004,
 * and writing it once, in rowid order, is a few pages of code. Readers (GDAL, QGIS, the sqlite3 shell) see an
 * ordinary database; the tests run `PRAGMA integrity_check` on what this writes.
 *
 * Layout: page 1 holds the header and the schema table; each table is a table b-tree whose leaves are filled
 * in rowid order and whose interior pages are built bottom-up; a row too long for its page spills into a chain
 * of overflow pages. Values: null, integer (JS number or bigint), real, text (UTF-8), blob (Uint8Array).
 */

/** `{ real }` keeps a whole number a REAL (a plain number that is whole is stored as an integer). */
export type SqlValue = null | number | bigint | string | Uint8Array | boolean | { real: number };

export interface SqliteTable {
  /** the CREATE TABLE statement as sqlite_schema keeps it */
  sql: string;
  name: string;
  /** each row's values in column order; an INTEGER PRIMARY KEY column's value is the rowid and is stored as NULL */
  rows: Iterable<{ rowid: number; values: SqlValue[] }>;
  /** the indexes SQLite makes for PRIMARY KEY / UNIQUE constraints (sqlite_autoindex_<table>_<n>), small ones only */
  indexes?: SqliteIndex[];
}

/** An index on columns (by position); its entries are the columns' values and the rowid, in order. */
export interface SqliteIndex {
  name: string;
  columns: number[];
}

export interface SqliteOptions {
  pageSize?: number;
  applicationId?: number;
  userVersion?: number;
}

const enc = new TextEncoder();

/** Big-endian variable-length integer (1–9 bytes) of SQLite. */
function varint(v: bigint | number): number[] {
  let n = BigInt.asUintN(64, BigInt(v));
  if (n <= 0x7fn) return [Number(n)];
  if (n > 0x00ffffffffffffffn) {
    const out = new Array<number>(9);
    out[8] = Number(n & 0xffn);
    n >>= 8n;
    for (let i = 7; i >= 0; i--) {
      out[i] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    return out;
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0x7fn));
    n >>= 7n;
  }
  for (let i = 0; i < bytes.length - 1; i++) bytes[i] |= 0x80;
  return bytes;
}

/** A record (row payload): header of serial types, then the values. */
export function record(values: SqlValue[]): Uint8Array {
  const types: number[] = [];
  const bodies: Uint8Array[] = [];
  for (const v of values) {
    if (v === null || v === undefined) {
      types.push(0);
      bodies.push(new Uint8Array(0));
    } else if (typeof v === 'boolean') {
      types.push(v ? 9 : 8);
      bodies.push(new Uint8Array(0));
    } else if ((typeof v === 'number' && !Number.isInteger(v)) || (typeof v === 'object' && 'real' in v)) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, typeof v === 'number' ? v : v.real);
      types.push(7);
      bodies.push(b);
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      const n = BigInt(v);
      if (n === 0n) {
        types.push(8);
        bodies.push(new Uint8Array(0));
      } else if (n === 1n) {
        types.push(9);
        bodies.push(new Uint8Array(0));
      } else {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigInt64(0, n);
        types.push(6);
        bodies.push(b);
      }
    } else if (typeof v === 'string') {
      const b = enc.encode(v);
      types.push(b.length * 2 + 13);
      bodies.push(b);
    } else {
      types.push(v.length * 2 + 12);
      bodies.push(v);
    }
  }
  const typeBytes = types.flatMap((t) => varint(t));
  // the header's length counts itself (one byte, or two when the header is long)
  let hlen = typeBytes.length + 1;
  if (varint(hlen).length > 1) hlen = typeBytes.length + varint(typeBytes.length + 2).length;
  const head = [...varint(hlen), ...typeBytes];
  const total = head.length + bodies.reduce((a, b) => a + b.length, 0);
  const out = new Uint8Array(total);
  out.set(head, 0);
  let o = head.length;
  for (const b of bodies) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

/** SQLite's order of values: NULL, numbers, text (bytes, BINARY collation), blobs. */
function compareValues(a: SqlValue, b: SqlValue): number {
  const rank = (v: SqlValue) => (v === null ? 0 : typeof v === 'string' ? 2 : v instanceof Uint8Array ? 3 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) {
    const x = Number(typeof a === 'object' && a && 'real' in a ? a.real : a);
    const y = Number(typeof b === 'object' && b && 'real' in b ? b.real : b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = typeof a === 'string' ? enc.encode(a) : (a as Uint8Array);
  const y = typeof b === 'string' ? enc.encode(b) : (b as Uint8Array);
  return Buffer.compare(x, y);
}
const compareEntries = (a: SqlValue[], b: SqlValue[]) => {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c) return c;
  }
  return 0;
};

/** Builds the database file. */
export function sqliteFile(tables: SqliteTable[], opts: SqliteOptions = {}): Uint8Array {
  const P = opts.pageSize ?? 4096;
  const U = P; // no reserved bytes per page
  const pages: Uint8Array[] = [new Uint8Array(P)]; // page 1: header + schema root
  const alloc = () => {
    pages.push(new Uint8Array(P));
    return pages.length; // 1-based page number
  };

  const maxLocal = U - 35;
  const minLocal = Math.floor(((U - 12) * 32) / 255) - 23;

  /** A leaf cell: payload length, rowid, the payload's local part, and the first overflow page when it spills. */
  function leafCell(rowid: number, payload: Uint8Array): Uint8Array {
    const p = payload.length;
    let local = p;
    if (p > maxLocal) {
      const k = minLocal + ((p - minLocal) % (U - 4));
      local = k <= maxLocal ? k : minLocal;
    }
    const head = [...varint(p), ...varint(rowid)];
    const cell = new Uint8Array(head.length + local + (local < p ? 4 : 0));
    cell.set(head, 0);
    cell.set(payload.subarray(0, local), head.length);
    if (local < p) {
      // overflow chain: each page = 4-byte next page + U-4 bytes
      let rest = payload.subarray(local);
      const first = alloc();
      let page = first;
      for (;;) {
        const chunk = rest.subarray(0, U - 4);
        rest = rest.subarray(chunk.length);
        const buf = pages[page - 1];
        buf.set(chunk, 4);
        if (!rest.length) break;
        const next = alloc();
        new DataView(buf.buffer).setUint32(0, next);
        page = next;
      }
      new DataView(cell.buffer).setUint32(head.length + local, first);
    }
    return cell;
  }

  /** Writes cells into a b-tree page (header at `hdr`: 100 on page 1). */
  function writePage(pageNo: number, type: 0x0d | 0x05 | 0x0a, cells: Uint8Array[], rightMost?: number) {
    const buf = pages[pageNo - 1];
    const dv = new DataView(buf.buffer);
    const hdr = pageNo === 1 ? 100 : 0;
    const hsize = type === 0x05 ? 12 : 8;
    buf[hdr] = type;
    dv.setUint16(hdr + 1, 0);
    dv.setUint16(hdr + 3, cells.length);
    let top = P;
    cells.forEach((c, i) => {
      top -= c.length;
      buf.set(c, top);
      dv.setUint16(hdr + hsize + i * 2, top);
    });
    dv.setUint16(hdr + 5, top === 65536 ? 0 : top);
    buf[hdr + 7] = 0;
    if (type === 0x05) dv.setUint32(hdr + 8, rightMost!);
  }

  /** A whole table b-tree from rows in rowid order; returns its root page (`root` forces page 1 for the schema). */
  function btree(rows: Iterable<{ rowid: number; payload: Uint8Array }>, root?: number): number {
    // leaves
    type Node = { page: number; maxRowid: number };
    let level: Node[] = [];
    let cells: Uint8Array[] = [];
    let used = 0;
    let lastRowid = 0;
    const room = (first: boolean) => P - (first && root === 1 ? 100 : 0) - 8;
    const flush = (final: boolean) => {
      if (!cells.length && !final) return;
      const single = final && level.length === 0;
      const page = single && root ? root : alloc();
      writePage(page, 0x0d, cells);
      level.push({ page, maxRowid: lastRowid });
      cells = [];
      used = 0;
    };
    for (const r of rows) {
      const cell = leafCell(r.rowid, r.payload);
      if (used + cell.length + 2 > room(level.length === 0) && cells.length) flush(false);
      cells.push(cell);
      used += cell.length + 2;
      lastRowid = r.rowid;
    }
    flush(true);
    if (level.length > 1 && root) throw new Error('sqlite_schema does not fit on page 1');
    // interior levels
    while (level.length > 1) {
      const up: Node[] = [];
      let i = 0;
      while (i < level.length) {
        const group: Node[] = [];
        let size = 0;
        // each interior cell: 4-byte child + rowid varint (≤ 9) + 2-byte pointer
        while (i < level.length && (group.length === 0 || size + 15 <= P - 12)) {
          group.push(level[i++]);
          size += 15;
        }
        const page = alloc();
        const last = group[group.length - 1];
        const ic = group.slice(0, -1).map((n) => {
          const k = varint(n.maxRowid);
          const c = new Uint8Array(4 + k.length);
          new DataView(c.buffer).setUint32(0, n.page);
          c.set(k, 4);
          return c;
        });
        writePage(page, 0x05, ic, last.page);
        up.push({ page, maxRowid: last.maxRowid });
      }
      level = up;
    }
    return level[0].page;
  }

  /** A small index: one leaf page of entries [columns…, rowid] in the index's order (BINARY collation). */
  function indexPage(entries: SqlValue[][]): number {
    entries.sort(compareEntries);
    const cells = entries.map((e) => {
      const payload = record(e);
      const head = varint(payload.length);
      const c = new Uint8Array(head.length + payload.length);
      c.set(head, 0);
      c.set(payload, head.length);
      return c;
    });
    if (cells.reduce((a, c) => a + c.length + 2, 0) > P - 8 || cells.some((c) => c.length > maxLocal / 2)) throw new Error('index too large for this writer');
    const page = alloc();
    writePage(page, 0x0a, cells);
    return page;
  }

  const schemaRows: { rowid: number; payload: Uint8Array }[] = [];
  for (const t of tables) {
    const kept: { rowid: number; values: SqlValue[] }[] = [];
    const rows = (function* () {
      for (const r of t.rows) {
        if (t.indexes?.length) kept.push(r);
        yield { rowid: r.rowid, payload: record(r.values) };
      }
    })();
    const rootPage = btree(rows);
    schemaRows.push({ rowid: schemaRows.length + 1, payload: record(['table', t.name, t.name, rootPage, t.sql]) });
    for (const ix of t.indexes ?? []) {
      const root = indexPage(kept.map((r) => [...ix.columns.map((c) => r.values[c]), r.rowid]));
      schemaRows.push({ rowid: schemaRows.length + 1, payload: record(['index', ix.name, t.name, root, null]) });
    }
  }
  btree(schemaRows, 1);

  const h = pages[0];
  const dv = new DataView(h.buffer);
  h.set(enc.encode('SQLite format 3\0'), 0);
  dv.setUint16(16, P === 65536 ? 1 : P);
  h[18] = 1; // file format write version: legacy (no WAL)
  h[19] = 1;
  h[20] = 0; // reserved bytes per page
  h[21] = 64;
  h[22] = 32;
  h[23] = 32;
  dv.setUint32(24, 1); // file change counter
  dv.setUint32(28, pages.length); // database size in pages
  dv.setUint32(32, 0); // freelist trunk
  dv.setUint32(36, 0); // freelist pages
  dv.setUint32(40, 1); // schema cookie
  dv.setUint32(44, 4); // schema format
  dv.setUint32(48, 0); // default cache size
  dv.setUint32(52, 0); // largest root page (no auto-vacuum)
  dv.setUint32(56, 1); // text encoding: UTF-8
  dv.setUint32(60, opts.userVersion ?? 0);
  dv.setUint32(64, 0); // incremental vacuum
  dv.setUint32(68, opts.applicationId ?? 0);
  dv.setUint32(92, 1); // version-valid-for = change counter
  dv.setUint32(96, 3_045_001); // SQLITE_VERSION_NUMBER of the format we follow

  const out = new Uint8Array(pages.length * P);
  pages.forEach((p, i) => out.set(p, i * P));
  return out;
}
