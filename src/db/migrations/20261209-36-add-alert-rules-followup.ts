import { sql, type Kysely } from 'kysely';

// Supervision alerts, third slice: three more rules as data — a case past its deadline that nobody touches
// (of an owner or enterprise someone may protect), a supervision notice (督办单) left unanswered, and a rebuild
// reported where a case was closed as demolished — and the index the rebuild's lookup reads (the closings).
export async function up(db: Kysely<any>): Promise<void> {
  const rules: [string, string, Record<string, number>, string][] = [
    [
      'overdue_idle',
      'medium',
      { idleDays: 30 },
      '案件已超过当前环节的办理期限,且逾期后连续设定天数无人办理(无任何办理动作、未上传整改后照片)。' +
        '长期不动的案件可能有人在庇护当事人;预警写明当事人(企业或个人),同一当事人的多件案件可一并核查。',
    ],
    [
      'notice_unanswered',
      'medium',
      { daysLate: 3 },
      '督办单(镇级或市级)超过答复期限设定天数仍未答复,或超过后才答复。督办无人理睬,说明督办失灵或有人拖延,须核查承办人员。升级到市级督办不等于镇级已答复。',
    ],
    [
      'rebuild_after_demolition',
      'high',
      { radiusM: 50, withinDays: 365 },
      '案件以“拆除”销号后,在设定天数内于其设定距离内又有人报告违建(复建)。拆除后很快复建,可能拆除并未真正落实而销号,须核查申请和审核该销号的人员。',
    ],
  ];
  for (const [code, severity, thresholds, description] of rules) {
    await sql`insert into alert_rules (code, enabled, severity, thresholds, description, updated_at)
      values (${code}, true, ${severity}, ${JSON.stringify(thresholds)}::jsonb, ${description}, now())`.execute(db);
  }
  await sql`create index case_event_closing_idx on case_events (case_id, at) where kind = 'approve_closing'`.execute(db);
}
