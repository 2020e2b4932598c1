/**
 * cpuprofile-top: what a V8 CPU profile (node --cpu-prof) of the server spent its main thread on, in a
 * time window — e.g. one level of ingest.ts, whose results carry the window as CLOCK_MONOTONIC ns
 * (`monoNs`; V8's profile timestamps are the same clock in µs). Run by hand.
 *
 *   npx tsx bench/cpuprofile-top.ts /tmp/prof/CPU.*.cpuprofile --from-ns 123 --to-ns 456 [--top 30]
 *   npx tsx bench/cpuprofile-top.ts <profile> --results bench/results/ingest-pglite-prof.json --level 4
 *
 * Prints: sampled time in the window and how much of it was idle; self time by package / area
 * (node_modules/<pkg>, src/…, node internals, GC, native); the functions with the most self time; and
 * inclusive time of the product's own functions (a function counts once per sample however deep).
 */
import fs from 'node:fs';
import { arg } from './lib.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && a.endsWith('.cpuprofile'));
if (!file) throw new Error('usage: cpuprofile-top.ts <file.cpuprofile> [--from-ns N --to-ns N | --results ingest.json --level conc] [--top 30]');
let fromUs = -Infinity;
let toUs = Infinity;
const results = arg(argv, 'results', '');
if (results) {
  const r = JSON.parse(fs.readFileSync(results, 'utf8')) as { levels: { conc: number; monoNs: [string, string] }[] };
  const lv = r.levels.find((l) => l.conc === Number(arg(argv, 'level', '1')));
  if (!lv) throw new Error('no such level in the results');
  fromUs = Number(BigInt(lv.monoNs[0]) / 1000n);
  toUs = Number(BigInt(lv.monoNs[1]) / 1000n);
} else {
  const f = arg(argv, 'from-ns', '');
  const t = arg(argv, 'to-ns', '');
  if (f) fromUs = Number(BigInt(f) / 1000n);
  if (t) toUs = Number(BigInt(t) / 1000n);
}
const top = Number(arg(argv, 'top', '30'));
const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node internals';
  const s = /\/(src\/[^/]+\/[^/]+|src\/[^/]+)\//.exec(url) ?? /\/(src|bench|test)\//.exec(url);
  return s ? s[1] : url.replace(/^.*\//, '');
}
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const areas = new Map<string, number>();
const incl = new Map<string, number>();
let t = p.startTime;
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i];
  const dt = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0;
  if (t < fromUs || t > toUs) continue;
  total += dt;
  const n = byId.get(p.samples[i])!;
  const a = area(n.callFrame.url, n.callFrame.functionName);
  areas.set(a, (areas.get(a) ?? 0) + dt);
  self.set(label(n), (self.get(label(n)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
    const x = byId.get(id)!;
    if (!/\/src\//.test(x.callFrame.url) || /node_modules/.test(x.callFrame.url)) continue;
    const l = label(x);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + dt);
  }
}
const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const idle = areas.get('(idle)') ?? 0;
console.log(`window ${(total / 1e6).toFixed(2)} s sampled; idle ${(idle / 1e6).toFixed(2)} s; busy ${((total - idle) / 1e6).toFixed(2)} s`);
console.log('\nself time by area (ms):');
for (const [k, v] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
console.log('\nfunctions, self time (ms):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
console.log('\nproduct functions, inclusive time (ms):');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
