#!/usr/bin/env node
// The test command: unit tests, then the API suite on PGlite and on PostgreSQL + PostGIS, then the
// browser tests on Debian's Chromium. Prints one closing line "N passed, N failed".
//   npm test                      everything
//   npm test -- --driver pglite   unit + API on PGlite only (also: --driver postgres)
//   npm test -- --browser         browser tests only
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const only = (name) => args.includes(`--${name}`);
const driverArg = args.includes('--driver') ? args[args.indexOf('--driver') + 1] : null;
const drivers = driverArg ? [driverArg] : only('browser') ? [] : ['pglite', 'postgres'];
const runBrowser = only('browser') || !driverArg;

const list = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => path.join(dir, f))
        .sort()
    : [];
const totals = { pass: 0, fail: 0, skipped: 0 };

// --test-timeout: a test that hangs fails after 10 minutes instead of stopping the whole run
function run(label, files, env) {
  if (files.length === 0) return;
  console.log(`\n=== ${label} (${files.length} files) ===`);
  const res = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      '--test-reporter-destination=.tmp/last.tap',
      '--test-concurrency=2',
      '--test-timeout=600000',
      ...files,
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  const tap = fs.existsSync('.tmp/last.tap') ? fs.readFileSync('.tmp/last.tap', 'utf8') : '';
  const num = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)`, 'm')) ?? [])[1] ?? 0);
  const pass = num('pass');
  const fail = num('fail') + num('cancelled');
  totals.pass += pass;
  totals.fail += fail;
  totals.skipped += num('skipped') + num('todo');
  if (res.status !== 0 && fail === 0) totals.fail += 1; // a crash that reported no failing test still fails the run
  console.log(`--- ${label}: ${pass} passed, ${fail} failed`);
}

function prepare(driver) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/templates.ts', driver], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`could not prepare the ${driver} template database`);
    totals.fail += 1;
    return false;
  }
  return true;
}

fs.mkdirSync('.tmp', { recursive: true });
if (drivers.length) run('unit', list('test/unit'), {});
for (const d of drivers) {
  if (prepare(d)) run(`api on ${d}`, list('test/api'), { TEST_DB_DRIVER: d });
}
if (runBrowser) run('browser', list('test/browser'), {});
console.log(`\n${totals.pass} passed, ${totals.fail} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.fail > 0 ? 1 : 0);
