/**
 * index-calibration: goalposts from a county's own baseline, and the five-colour distribution they give.
 *
 *   npx tsx scripts/index-calibration.ts --demo             the default demo city (DEMO_CASES, as `npm start` seeds it, in memory)
 *   npx tsx scripts/index-calibration.ts                    the database of DATA_DIR / DATABASE_URL (PGlite: stop the server first)
 *   options: --period 2026-11 (default: last month)  --baseline 2025-11 (default: the same month a year before)
 *            --indicators A1,A2,B1,B2,D2 (default: the densities)  --share 0.95  --out definition.json
 *
 * For the baseline period it computes every indicator over the villages (as a run does, without its Monte
 * Carlo), prints each one's spread (10th, 50th, 90th percentile), and proposes goalposts for the chosen
 * indicators by index.baseline.ts: the value the worst twentieth of villages reached (a village as bad scores
 * 0), the target (0 violations) scoring 100. Then it grades the period with the current definition and with
 * the proposed goalposts and prints the colours of towns and villages, and every red unit with why.
 * `--out` writes the proposed definition: an admin saves it as a new version (POST /api/index/definitions,
 * or the definition editor) once the city has approved it. docs/index.md ("Goalposts from the county's own baseline").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { seedDemo } from '../src/demo/demo.seed.js';
import { BASELINE_RULE_DEFAULT, goalpostsFromBaseline } from '../src/modules/index/index.baseline.js';
import { COLORS, type IndexDefinition } from '../src/modules/index/index.definition.js';
import { computeIndex, percentileSorted, type RunOutput } from '../src/modules/index/index.engine.js';
import { monthOf, parsePeriod } from '../src/modules/index/index.period.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const demo = argv.includes('--demo');
const period = parsePeriod(arg('period', monthOf(new Date(Date.now() - 31 * 86400_000))));
if (!period) throw new Error('--period: YYYY-MM or YYYY-Qn');
const [py, pm] = period.key.split('-');
const baseline = parsePeriod(arg('baseline', `${Number(py) - 1}-${pm}`));
if (!baseline) throw new Error('--baseline: YYYY-MM or YYYY-Qn');
const chosen = arg('indicators', 'A1,A2,B1,B2,D2').split(',');
const worstShare = Number(arg('share', String(BASELINE_RULE_DEFAULT.worstShare)));
const out = arg('out', '');

const dataDir = demo ? fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-calibration-')) : undefined;
const config = loadConfig({ ...process.env, ...(demo ? { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_PASSWORD: 'calibration-demo-1' } : {}), LOG_LEVEL: 'silent' });
const db = demo
  ? await openDatabase({ driver: 'pglite', inMemory: true })
  : await openDatabase({ driver: config.databaseDriver, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
await migrateToLatest(db);
const deps = createDeps(config, db);
if (demo) {
  const t0 = Date.now();
  const res = await seedDemo(deps, { bulkIndexes: true });
  console.log(`demo city: ${config.demoCases} cases, ${res.photos} photos, seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
const current = await deps.services.index.currentDefinition();
const def = current.definition;
console.log(`definition: version ${current.version} (${current.label}); baseline ${baseline.key}, period ${period.key}`);

const grade = async (d: IndexDefinition, p: NonNullable<typeof period>) =>
  computeIndex({ definition: d, current: await deps.services.index.periodInput(d, p), previous: null, previousResults: null, seed: 1, method: { draws: 0 } });

// the baseline's spread of every indicator over the villages, and the proposed goalposts
const base = await grade(def, baseline);
const villagesOf = (o: RunOutput) => o.results.filter((r) => r.level === 'village');
const proposed: IndexDefinition = structuredClone(def);
const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString());
console.log(
  `\nbaseline ${baseline.key}, villages: indicator, units with a value, p10 / p50 / p90, goalposts now → proposed (worse end at ${Math.round(worstShare * 100)} % of villages)`,
);
for (const ind of proposed.indicators) {
  const values = villagesOf(base).map((r) => r.indicators.find((i) => i.id === ind.id)!);
  const xs = values.filter((v) => v.raw !== null && !v.missing).map((v) => v.raw!);
  const sorted = [...xs].sort((a, b) => a - b);
  const spread = sorted.length ? [0.1, 0.5, 0.9].map((q) => f(percentileSorted(sorted, q))).join(' / ') : '—';
  const now = `${ind.goalposts.lower} → ${ind.goalposts.upper}`;
  let note = '';
  if (chosen.includes(ind.id)) {
    const g = goalpostsFromBaseline(xs, ind.direction, { worstShare, best: { target: ind.direction === 'lower' ? 0 : 100 }, minUnits: 10 });
    if (g.goalposts) {
      ind.goalposts = g.goalposts;
      note = `→ ${g.goalposts.lower} → ${g.goalposts.upper}`;
    } else note = `(kept: ${g.reason === 'no_spread' ? 'no spread beyond the target' : 'too few villages with a value'})`;
  }
  console.log(`  ${ind.id.padEnd(3)} ${ind.name.zh.padEnd(10, '　')} ${String(xs.length).padStart(4)}  ${spread.padEnd(24)} ${now.padEnd(14)} ${note}`);
}

const show = (label: string, o: RunOutput) => {
  console.log(`\n${label}`);
  for (const level of ['town', 'village'] as const) {
    const rs = o.results.filter((r) => r.level === level);
    const n = (c: string) => rs.filter((r) => r.color === c).length;
    console.log(`  ${level === 'town' ? 'towns   ' : 'villages'} ${rs.length}: ${COLORS.map((c) => `${c} ${n(c)}`).join(', ')}`);
    for (const r of rs.filter((x) => x.color === 'red')) {
      const why = r.redLines.length ? `red line ${r.redLines.map((l) => l.id).join(', ')} (score ${r.score})` : `score ${r.score}`;
      console.log(`    red: ${r.name} — ${why}`);
    }
  }
};
show(`${period.key} with the definition as it is (version ${current.version}):`, await grade(def, period));
show(`${period.key} with the proposed goalposts:`, await grade(proposed, period));
if (out) {
  fs.writeFileSync(out, JSON.stringify(proposed, null, 2) + '\n');
  console.log(`\nproposed definition written to ${out}`);
}
await db.close();
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
