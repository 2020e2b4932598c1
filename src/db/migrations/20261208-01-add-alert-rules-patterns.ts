import { sql, type Kysely } from 'kysely';

// Supervision alerts, second slice: four more rules as data (photo reuse across cases, rejections or merges
// concentrated in one person or one small area, a deferral renewed again and again, edits to a closed case),
// and the indexes their evaluation reads: the photos' perceptual hash in four bands of 16 bits (two hashes
// at most 3 bits apart share one band whole, so the lookup is four index probes, not a scan), and the
// verify/reject decisions by time.
export async function up(db: Kysely<any>): Promise<void> {
  const rules: [string, string, Record<string, number>, string][] = [
    [
      'photo_reused',
      'high',
      { maxHammingBits: 3, minDetailBits: 12 },
      '同一张或几乎相同的照片(感知哈希相差不超过设定位数)出现在不同案件中:后上传的照片是前一案件照片的翻用,可能以他案照片充当本案的现场或整改证据。' +
        '合并为同一案件的重复上报不计;纯色、全黑等细节过少的照片彼此相似,不参与比较。',
    ],
    [
      'rejections_concentrated',
      'medium',
      { minCount: 5, windowDays: 30, minSharePct: 60, radiusM: 300 },
      '时间窗内,同一人的不予立案(或合并)达到设定件数,且占其同期立案与不予立案的比例达到设定值;或一个小范围(设定半径内)的不予立案(或合并)达到设定件数和比例。' +
        '集中地不予立案或合并,可能是在为特定的人或地方开脱。',
    ],
    ['deferral_renewed', 'medium', { minDeferrals: 3 }, '同一案件到期复议后又一次次定为“暂缓”,次数达到设定值。暂缓本应是有期限的过渡,反复延期等于不处置,须核查理由。'],
    ['closed_case_edited', 'medium', {}, '已销号的案件又被修改了面积、地址、当事人等登记信息。销号后的修改会改变已经定案的事实,须核查是谁、为何修改。'],
  ];
  for (const [code, severity, thresholds, description] of rules) {
    await sql`insert into alert_rules (code, enabled, severity, thresholds, description, updated_at)
      values (${code}, true, ${severity}, ${JSON.stringify(thresholds)}::jsonb, ${description}, now())`.execute(db);
  }
  for (const [i, from] of [1, 5, 9, 13].entries()) {
    await sql`create index ${sql.raw(`photo_phash_band${i + 1}_idx`)} on photos ((substr(phash, ${sql.lit(from)}, 4))) where phash is not null`.execute(db);
  }
  await sql`create index case_event_decision_idx on case_events (at) where kind in ('verify', 'reject')`.execute(db);
}
