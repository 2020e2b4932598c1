import { sql, type Kysely } from 'kysely';

// The photo-reuse rule compares only photos of registered cases (立案 onwards): its description says so.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update alert_rules set description = ${
    '同一张或几乎相同的照片(感知哈希相差不超过设定位数)出现在不同案件中:后上传的照片是前一案件照片的翻用,可能以他案照片充当本案的现场或整改证据。' +
    '只比较已立案案件的照片:尚未核实的上报(同一处违建被重复上报是查重的事)、不予立案的上报和合并为同一案件的重复上报不计;纯色、全黑等细节过少的照片彼此相似,不参与比较。'
  } where code = 'photo_reused'`.execute(db);
}
