import { sql, type Kysely } from 'kysely';

// Supervision alerts on an imported ledger (存量普查导入): the first sweeps after a county imports its stock would
// raise one alert per old case (each overdue and untouched), burying the alerts about people's actions. A finding
// on a case that came from an import and that nobody has yet acted on in this system is kept as a member of one
// alert per rule, import, town and day (`alert_members`), listed in that alert; the alert names its import.
// Members are append-only like the alert's facts, and a situation is still raised once: its rule and key are
// unique among the members, and the service never raises as an alert a situation kept as a member, nor the reverse.
// Also: 处置决定被改轻 now covers every move to a softer class (整改补办 → 暂缓 too): its description says so.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update alert_rules set description = ${
    '案件的处置类别被改为更轻的一类:“拆除”改为“整改补办”或“暂缓”,或“整改补办”改为“暂缓”(重新立案或暂缓到期复议后重新定性时)。' +
    '处置决定对当事人价值重大,改轻处置可能是正当复议,也可能是利益输送,须核查理由。改为更重的一类(如暂缓到期后决定拆除)不预警。'
  } where code = 'disposal_softened'`.execute(db);

  // the import whose untouched cases an alert groups (null: an alert on its own situation)
  await sql`alter table alerts add column import_id uuid references case_imports(id)`.execute(db);
  await sql`
    create or replace function alerts_guard() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then
        raise exception 'alerts are never deleted';
      end if;
      if (new.id, new.rule, new.severity, new.situation_key, new.case_ids, new.user_ids, new.division_code, new.division_path,
          new.summary, new.evidence, new.rule_version, new.created_at, new.import_id)
         is distinct from
         (old.id, old.rule, old.severity, old.situation_key, old.case_ids, old.user_ids, old.division_code, old.division_path,
          old.summary, old.evidence, old.rule_version, old.created_at, old.import_id) then
        raise exception 'an alert''s facts are never edited (only its status moves, with a step)';
      end if;
      return new;
    end
    $fn$`.execute(db);

  await sql`
    create table alert_members (
      alert_id uuid not null references alerts(id),
      rule text not null references alert_rules(code),
      situation_key text not null,
      case_id uuid not null references cases(id),
      user_ids uuid[] not null,
      summary text not null,
      evidence jsonb not null,
      created_at timestamptz not null,
      primary key (rule, situation_key)
    )`.execute(db);
  await sql`create index alert_member_alert_idx on alert_members (alert_id, created_at, case_id)`.execute(db);
  await sql`
    create function alert_members_guard() returns trigger language plpgsql as $fn$
    begin
      raise exception 'an alert''s members are append-only';
    end
    $fn$`.execute(db);
  await sql`create trigger alert_members_guard before update or delete on alert_members for each row execute function alert_members_guard()`.execute(db);
}
