/**
 * thread-cpu: CPU per thread of a running process, sampled from /proc, and that CPU per photo in one
 * level of an ingest.ts run (whose results carry the level's window as CLOCK_MONOTONIC ns, `monoNs`).
 * Run by hand, beside ingest.ts.
 *
 *   npx tsx bench/thread-cpu.ts record --match src/main.ts --out /tmp/threads.txt &   # waits for the server
 *   npx tsx bench/ingest.ts --driver postgres --conc 4,16 --n 60,64 --tag X
 *   npx tsx bench/thread-cpu.ts report /tmp/threads.txt --results bench/results/ingest-postgres-X.json --level 16
 *
 * `record` samples every 250 ms (thread name, id, utime + stime in clock ticks, with the time from
 * /proc/uptime, the same clock as CLOCK_MONOTONIC here) until the process ends. `report` prints, for the
 * level's window, ms of CPU per photo by group: MAIN (the JS main thread: HTTP, SQL, the app),
 * libvips_worker (libvips' own threads), node (every other thread: the photo worker thread, libuv's pool,
 * V8's helper threads — all named "node"), then the threads one by one.
 */
import fs from 'node:fs';
import { arg } from './lib.js';

const argv = process.argv.slice(2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function findPid(match: string): number | null {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      // not this script (nor tsx's parent process of it), whose own arguments name the match
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'node' && cmd.includes(match) && !cmd.includes('thread-cpu.ts')) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

async function record(match: string, out: string) {
  let pid: number | null = null;
  while (!(pid = findPid(match))) await sleep(200);
  const lines: string[] = [`pid ${pid}`];
  for (;;) {
    const t = fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0];
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      break;
    }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const name = Number(tid) === pid ? 'MAIN' : fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/\s+/g, '_');
        lines.push(`${t} ${name} ${tid} ${Number(f[11]) + Number(f[12])} ${f[7]}`);
      } catch {
        // the thread ended
      }
    }
    await sleep(250);
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
}

function report(file: string, results: string, level: number) {
  const lv = (JSON.parse(fs.readFileSync(results, 'utf8')).levels as { conc: number; n: number; monoNs: [string, string] }[]).find((l) => l.conc === level);
  if (!lv) throw new Error(`no level ${level} in ${results}`);
  const [from, to] = lv.monoNs.map((x) => Number(x) / 1e9);
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^\d/.test(l))
    .map((l) => {
      const [t, name, tid, ticks, minflt] = l.split(' ');
      return { t: Number(t), name, tid, ticks: Number(ticks), minflt: Number(minflt ?? 0) };
    });
  const at = (time: number) => {
    const m = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (r.t <= time) m.set(r.tid, r);
    return m;
  };
  const a = at(from);
  const b = at(to);
  const per = [...b]
    .map(([tid, r]) => ({ name: r.name, tid, ms: ((r.ticks - (a.get(tid)?.ticks ?? 0)) * 10) / lv.n, faults: (r.minflt - (a.get(tid)?.minflt ?? 0)) / lv.n }))
    .filter((x) => x.ms > 0 || x.faults > 0);
  const groups = new Map<string, { ms: number; faults: number }>();
  for (const p of per) {
    const g = groups.get(p.name) ?? { ms: 0, faults: 0 };
    groups.set(p.name, { ms: g.ms + p.ms, faults: g.faults + p.faults });
  }
  console.log(`level c=${level}: ${(to - from).toFixed(1)} s, ${lv.n} photos; per photo: CPU ms (sampled every 250 ms), minor page faults`);
  console.log(
    `  total            ${per
      .reduce((s, p) => s + p.ms, 0)
      .toFixed(1)
      .padStart(6)} ${Math.round(per.reduce((s, p) => s + p.faults, 0))
      .toString()
      .padStart(7)}`,
  );
  for (const [g, v] of [...groups].sort((x, y) => y[1].ms - x[1].ms))
    console.log(`  ${g.padEnd(16)} ${v.ms.toFixed(1).padStart(6)} ${Math.round(v.faults).toString().padStart(7)}`);
  console.log('  threads:');
  for (const p of per.sort((x, y) => y.ms - x.ms))
    console.log(`    ${p.name.padEnd(16)} ${p.tid.padStart(7)} ${p.ms.toFixed(1).padStart(6)} ${Math.round(p.faults).toString().padStart(7)}`);
}

if (argv[0] === 'record') await record(arg(argv, 'match', 'src/main.ts'), arg(argv, 'out', '/tmp/threads.txt'));
else if (argv[0] === 'report') report(argv[1], arg(argv, 'results', ''), Number(arg(argv, 'level', '16')));
else console.error('usage: thread-cpu.ts record --match src/main.ts --out F | report F --results R.json --level 16');
