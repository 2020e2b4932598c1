import { sql, type Kysely } from 'kysely';

// Supervision of public power (公权力监督闭环): the alert rules as data an admin sets, the alerts they raise
// (once per situation: unique per rule and situation key) and each alert's status steps. An alert's facts
// are never edited nor deleted and its steps are append-only (triggers refuse anything else); only the
// status moves, and only with a new step.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table alert_rules (
      code text primary key,
      enabled boolean not null,
      severity text not null check (severity in ('high','medium','low')),
      thresholds jsonb not null,
      description text not null,
      version integer not null default 1,
      updated_by uuid references users(id),
      updated_at timestamptz not null
    )`.execute(db);

  const rules: [string, string, Record<string, number>, string][] = [
    [
      'closing_weak_evidence',
      'high',
      { maxDistanceM: 100, clockToleranceMin: 10 },
      '已销号的案件,没有一张合格的“整改后”照片:没有整改后照片,或照片无相机 EXIF(编辑、截图、转发的图片)、EXIF 拍摄位置离案件超过设定距离、拍摄时间早于定性决定。' +
        '销号对当事人利益重大,凭不实证据销号而审核仍予通过,是需要核查的风险。',
    ],
    [
      'separation_of_duties',
      'medium',
      {},
      '同一人既上报又立案、不予立案或办理销号,或同一人既申请销号又审核通过。职责分离是防止一人说了算的基本要求,任何一环由同一人完成都应核查。',
    ],
    ['disposal_softened', 'high', {}, '案件曾定性为“拆除”,之后改为“整改补办”或“暂缓”。拆除决定对当事人价值重大,改轻处置可能是正当复议,也可能是利益输送,须核查理由。'],
    [
      'area_reduced',
      'medium',
      { minReductionPct: 10, minReductionM2: 5 },
      '案件定性之后,违建面积被调小,且调减比例和调减面积都达到设定值。面积决定处置类别和处罚,定性后调小面积可能用于规避拆除。',
    ],
    [
      'personal_data_outside_work',
      'medium',
      { graceHours: 24 },
      '查看当事人完整身份证号和电话(查询留痕)的案件,不在查询人的工作范围内:查询人从未办理该案,该案当时也不在其待办中,查询后的宽限时间内也未办理。防止借职务便利查询、泄露个人信息。',
    ],
  ];
  for (const [code, severity, thresholds, description] of rules) {
    await sql`insert into alert_rules (code, enabled, severity, thresholds, description, updated_at)
      values (${code}, true, ${severity}, ${JSON.stringify(thresholds)}::jsonb, ${description}, now())`.execute(db);
  }

  await sql`
    create table alerts (
      id uuid primary key,
      rule text not null references alert_rules(code),
      severity text not null check (severity in ('high','medium','low')),
      status text not null check (status in ('open','under_review','dismissed','confirmed','referred')),
      -- what makes the situation one: an alert is raised once per rule and situation
      situation_key text not null,
      case_ids uuid[] not null,
      user_ids uuid[] not null,
      division_code text not null references divisions(code),
      division_path text not null,
      summary text not null,
      evidence jsonb not null,
      rule_version integer not null,
      created_at timestamptz not null,
      unique (rule, situation_key)
    )`.execute(db);
  await sql`create index alert_inbox_idx on alerts (status, created_at)`.execute(db);
  await sql`create index alert_path_idx on alerts (division_path text_pattern_ops)`.execute(db);
  await sql`create index alert_users_gin on alerts using gin (user_ids)`.execute(db);

  await sql`
    create table alert_steps (
      id bigserial primary key,
      alert_id uuid not null references alerts(id),
      at timestamptz not null,
      actor_id uuid references users(id),
      action text not null check (action in ('raise','review','dismiss','confirm','refer')),
      from_status text,
      to_status text not null,
      reason text,
      referral_no text unique
    )`.execute(db);
  await sql`create index alert_step_alert_idx on alert_steps (alert_id, id)`.execute(db);

  await sql`create table alert_referral_counters (year integer primary key, last_no integer not null)`.execute(db);
  // the nightly sweep is queued once per China day, whichever process gets there first
  await sql`create table alert_sweeps (day date primary key, queued_at timestamptz not null)`.execute(db);

  // the personal-data lookups (查询留痕) of a case, read by the evaluation of that case
  await sql`create index audit_personal_view_idx on audit_log (entity_id) where action = 'case.personal_data_viewed'`.execute(db);

  await sql`
    create function alerts_guard() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then
        raise exception 'alerts are never deleted';
      end if;
      if (new.id, new.rule, new.severity, new.situation_key, new.case_ids, new.user_ids, new.division_code, new.division_path,
          new.summary, new.evidence, new.rule_version, new.created_at)
         is distinct from
         (old.id, old.rule, old.severity, old.situation_key, old.case_ids, old.user_ids, old.division_code, old.division_path,
          old.summary, old.evidence, old.rule_version, old.created_at) then
        raise exception 'an alert''s facts are never edited (only its status moves, with a step)';
      end if;
      return new;
    end
    $fn$`.execute(db);
  await sql`create trigger alerts_guard before update or delete on alerts for each row execute function alerts_guard()`.execute(db);
  await sql`
    create function alert_steps_guard() returns trigger language plpgsql as $fn$
    begin
      raise exception 'alert steps are append-only';
    end
    $fn$`.execute(db);
  await sql`create trigger alert_steps_guard before update or delete on alert_steps for each row execute function alert_steps_guard()`.execute(db);
}
