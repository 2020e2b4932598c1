import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';
import { caseBody, TOWN_A, type TestContext } from './context.js';

/**
 * The set-up of a test that shows cases of another kind leave the governance index and the overview as
 * they were: the previous month (the period an index run reads) and a day inside it, three violations
 * found that day in villages `village` and `village + 1` of town A (so the figures are not all zero), and
 * the readings to compare before and after.
 */
export async function indexBaseline(t: TestContext, { village }: { village: number }) {
  const period = previousPeriod(parsePeriod(monthOf(new Date()))!);
  const mid = new Date(period.start.getTime() + 10 * 86400_000);

  /** Moves the cases matching `where` (and their history, events and photos) to `at`, as if found then. */
  async function backdate(where: string, at: Date) {
    const ids = sql.raw(`select id from cases where ${where}`);
    await sql`update case_history set valid_from = ${at}, valid_to = case when valid_to is null then null else ${new Date(at.getTime() + 1000)}::timestamptz end where case_id in (${ids})`.execute(
      t.db.q,
    );
    await sql`update case_events set at = ${at} where case_id in (${ids})`.execute(t.db.q);
    await sql`update photos set uploaded_at = ${at} where case_id in (${ids})`.execute(t.db.q);
    await sql`update cases set found_at = ${at}, created_at = ${at} where ${sql.raw(where)}`.execute(t.db.q);
  }

  /**
   * A new index run of the period: each division's score, rank and raw indicator values, computed from the
   * history (a settled month's run stores its month-end measures, which the next run would read instead:
   * backdate writes rows no invalidation sees, and the comparison must run the statement each time).
   */
  async function runResults() {
    await sql`delete from index_month_measures`.execute(t.db.q);
    const r = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: period.key, seed: 7 } });
    assert.equal(r.statusCode, 202, r.body);
    await t.deps.jobs.drain(t.deps.jobHandlers);
    const out: Record<string, unknown> = {};
    for (const level of ['town', 'village']) {
      const res = await t.req('city', { method: 'GET', url: `/api/index/runs/${r.json().id}/results?level=${level}` });
      assert.equal(res.statusCode, 200, res.body);
      for (const it of res.json().items)
        out[it.divisionCode] = { score: it.score, rank: it.rank, raw: it.indicators.map((i: { id: string; raw: number | null }) => [i.id, i.raw]) };
    }
    return out;
  }

  /** The overview without its time and run id (the run its colours come from is the latest one: a new run, the same figures). */
  async function overview() {
    const o = (await t.req('city', { method: 'GET', url: '/api/overview' })).json();
    delete o.asOf;
    return JSON.parse(JSON.stringify(o, (k, v) => (k === 'runId' ? undefined : v)));
  }

  /** How many history intervals of cases of `kind` begin before the period ends. */
  async function inPeriod(kind: string) {
    const r = await sql<{ n: number }>`select count(*)::int as n from case_history where kind = ${kind} and valid_from < ${period.end}`.execute(t.db.q);
    return r.rows[0].n;
  }

  for (let i = 0; i < 3; i++) {
    const [lon, lat] = t.pointIn(TOWN_A, village + (i % 2));
    const c = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon + i * 0.001, lat) });
    assert.equal(c.statusCode, 201);
  }
  await backdate(`kind = 'violation'`, mid);
  return { period, mid, backdate, runResults, overview, inPeriod };
}
