/**
 * ingest-summary: several runs of `ingest.ts` side by side, per driver and concurrency: each run's ratio
 * to sharp alone, and the median, lowest and highest. The machine's speed drifts by ±10 % from minute
 * to minute (other tenants of the host), so one run's ratio is one sample: the median of a few runs is
 * the number to compare with the target.
 *
 *   npx tsx bench/ingest-summary.ts --tags s6-1,s6-2,s6-3      # bench/results/ingest-<driver>-<tag>.json
 */
import fs from 'node:fs';
import path from 'node:path';
import { arg, mdTable, RESULTS_DIR } from './lib.js';

interface Level {
  conc: number;
  n: number;
  ok: number;
  e2ePerSec: number;
  ratio: number;
  cpuCeiling: number;
  latency: { p50: number; p99: number };
  anchor: { perSec: number; cpuMs: number; n: number };
  cpu: { serverMs: number; postgresMs: number; clientMs: number };
}

const tags = arg(process.argv.slice(2), 'tags', '').split(',').filter(Boolean);
if (!tags.length) throw new Error('--tags a,b,c: the tags of the ingest.ts runs to compare');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

const rows: string[][] = [
  ['driver', 'conc', 'runs', 'ratio per run', 'median ratio', 'min', 'max', 'median e2e photos/s', 'median sharp alone/s', 'median CPU ceiling', 'median p50 ms'],
];
for (const driver of ['pglite', 'postgres']) {
  const runs = tags
    .map((t) => path.join(RESULTS_DIR, `ingest-${driver}-${t}.json`))
    .filter((f) => fs.existsSync(f))
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as { levels: Level[] });
  if (!runs.length) continue;
  const concs = [...new Set(runs.flatMap((r) => r.levels.map((l) => l.conc)))].sort((a, b) => a - b);
  for (const conc of concs) {
    const ls = runs.map((r) => r.levels.find((l) => l.conc === conc)).filter((l): l is Level => !!l);
    const ratios = ls.map((l) => l.ratio);
    rows.push([
      driver,
      String(conc),
      String(ls.length),
      ratios.map(r2).join(' '),
      r2(median(ratios)),
      r2(Math.min(...ratios)),
      r2(Math.max(...ratios)),
      r2(median(ls.map((l) => l.e2ePerSec))),
      r2(median(ls.map((l) => l.anchor.perSec))),
      r2(median(ls.map((l) => l.cpuCeiling))),
      String(Math.round(median(ls.map((l) => l.latency.p50)))),
    ]);
  }
}
console.log(mdTable(rows, 1));
console.log('ratio = end-to-end photos/s ÷ sharp alone photos/s in the same level (target ≥ 0.8).');
