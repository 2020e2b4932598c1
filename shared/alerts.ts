/**
 * The supervision alerts' words (公权力监督预警): rule codes, severities, statuses and actions with their zh-CN
 * labels, and each rule's thresholds as form fields with units. Pure data, shared by the server (the rules'
 * validation, the audit sentences) and the command centre (the inbox, the rule settings).
 */

export const ALERT_RULES = [
  'closing_weak_evidence',
  'separation_of_duties',
  'disposal_softened',
  'area_reduced',
  'personal_data_outside_work',
  'photo_reused',
  'rejections_concentrated',
  'deferral_renewed',
  'closed_case_edited',
  'overdue_idle',
  'notice_unanswered',
  'rebuild_after_demolition',
] as const;
export type AlertRuleCode = (typeof ALERT_RULES)[number];
export const ALERT_RULE_LABELS: Record<AlertRuleCode, string> = {
  closing_weak_evidence: '销号证据不足',
  separation_of_duties: '职责未分离',
  disposal_softened: '处置决定被改轻',
  area_reduced: '定性后调减面积',
  personal_data_outside_work: '越权查询当事人信息',
  photo_reused: '照片跨案件重复使用',
  rejections_concentrated: '不予立案或合并集中',
  deferral_renewed: '暂缓反复延期',
  closed_case_edited: '销号后修改案件',
  overdue_idle: '逾期案件长期未动',
  notice_unanswered: '督办单逾期未答复',
  rebuild_after_demolition: '拆除销号后复建',
};

export const ALERT_SEVERITIES = ['high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_SEVERITY_LABELS: Record<AlertSeverity, string> = { high: '高', medium: '中', low: '低' };
/** Higher first in the inbox. */
export const ALERT_SEVERITY_RANK: Record<AlertSeverity, number> = { high: 3, medium: 2, low: 1 };

export const ALERT_STATUSES = ['open', 'under_review', 'dismissed', 'confirmed', 'referred'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  open: '待处理',
  under_review: '核查中',
  dismissed: '已排除',
  confirmed: '已确认',
  referred: '已移送',
};

export const ALERT_ACTIONS = ['review', 'dismiss', 'confirm', 'refer'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];
export const ALERT_ACTION_LABELS: Record<AlertAction, string> = {
  review: '开始核查',
  dismiss: '排除(说明理由)',
  confirm: '确认问题',
  refer: '移送纪委监委',
};
/** The step that raised the alert, beside the people's actions. */
export const ALERT_STEP_LABELS: Record<'raise' | AlertAction, string> = {
  raise: '系统生成预警',
  review: '开始核查',
  dismiss: '排除',
  confirm: '确认问题',
  refer: '移送纪委监委',
};

/** What a rule found wrong, in words (the alert's evidence lists them). */
export const ALERT_PROBLEM_LABELS: Record<string, string> = {
  no_after_photo: '没有“整改后”照片',
  no_camera_exif: '照片无相机 EXIF(可能经过编辑、截图或转发)',
  no_exif_place: '照片 EXIF 无拍摄位置',
  far_from_case: '拍摄位置远离案件',
  no_capture_time: '照片无拍摄时间',
  before_decision: '拍摄时间早于定性决定',
  self_verify: '上报人本人立案',
  self_reject: '上报人本人不予立案',
  self_close: '上报人本人办理销号',
  close_approve: '申请销号与审核通过为同一人',
  photo_match: '与其他案件的照片相同或几乎相同',
  rejects_by_user: '不予立案集中于一人',
  merges_by_user: '合并集中于一人',
  rejects_in_area: '不予立案集中于一个小范围',
  merges_in_area: '合并集中于一个小范围',
  overdue_idle: '逾期后长期无办理动作',
  notice_unanswered: '督办单超过答复期限未答复',
  notice_late_reply: '督办单超过答复期限才答复',
  rebuild_reported: '拆除销号处又报告违建',
};

/** What a finding of photo reuse (照片跨案件重复使用) says about one pair: the later photo, the earlier one it repeats, the bits they differ by. */
export interface AlertPhotoPair {
  photoId: string;
  otherPhotoId: string;
  bits: number;
}

/** One threshold of a rule, as a form field: its key in the JSON, label, unit and bounds. */
export interface AlertThresholdField {
  key: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
}

export const ALERT_THRESHOLD_FIELDS: Record<AlertRuleCode, AlertThresholdField[]> = {
  closing_weak_evidence: [
    { key: 'maxDistanceM', label: '拍摄位置与案件的最大距离', unit: '米', min: 5, max: 5000, integer: true },
    { key: 'clockToleranceMin', label: '拍摄时间早于定性的容差', unit: '分钟', min: 0, max: 1440, integer: true },
  ],
  separation_of_duties: [],
  disposal_softened: [],
  area_reduced: [
    { key: 'minReductionPct', label: '调减比例达到', unit: '%', min: 1, max: 100, integer: false },
    { key: 'minReductionM2', label: '且调减面积达到', unit: '平方米', min: 0, max: 100000, integer: false },
  ],
  personal_data_outside_work: [{ key: 'graceHours', label: '查询后办理本案的宽限时间', unit: '小时', min: 0, max: 720, integer: true }],
  // the lookup finds every pair up to 3 differing bits (4 bands of 16 bits: one of them is the same), hence the bound
  photo_reused: [
    { key: 'maxHammingBits', label: '感知哈希相差不超过', unit: '位', min: 0, max: 3, integer: true },
    { key: 'minDetailBits', label: '参与比较的照片细节下限(哈希 64 位中 0 和 1 各至少)', unit: '位', min: 0, max: 32, integer: true },
  ],
  rejections_concentrated: [
    { key: 'minCount', label: '时间窗内不予立案(或合并)达到', unit: '件', min: 2, max: 1000, integer: true },
    { key: 'windowDays', label: '时间窗', unit: '天', min: 1, max: 365, integer: true },
    { key: 'minSharePct', label: '且占同期立案与不予立案的比例达到', unit: '%', min: 1, max: 100, integer: false },
    { key: 'radiusM', label: '“一个小范围”的半径', unit: '米', min: 20, max: 5000, integer: true },
  ],
  deferral_renewed: [{ key: 'minDeferrals', label: '同一案件定为暂缓的次数达到', unit: '次', min: 2, max: 20, integer: true }],
  closed_case_edited: [],
  overdue_idle: [{ key: 'idleDays', label: '逾期后无任何办理动作的天数达到', unit: '天', min: 1, max: 365, integer: true }],
  notice_unanswered: [{ key: 'daysLate', label: '超过答复期限仍未答复的天数达到', unit: '天', min: 0, max: 90, integer: true }],
  rebuild_after_demolition: [
    { key: 'radiusM', label: '新报告距已拆除案件不超过', unit: '米', min: 5, max: 500, integer: true },
    { key: 'withinDays', label: '销号后多少天内报告', unit: '天', min: 1, max: 3650, integer: true },
  ],
};

/** Every threshold key a rule's settings may hold, with its zh-CN label (the audit sentences read them). */
export const ALERT_THRESHOLD_LABELS: Record<string, string> = Object.fromEntries(
  Object.values(ALERT_THRESHOLD_FIELDS)
    .flat()
    .map((f) => [f.key, `${f.label}(${f.unit})`]),
);

/** What an official's profile counts per month (his case events, and his looks at owners' personal data), in zh-CN. */
export const OFFICIAL_ACTIONS = [
  'verify',
  'reject',
  'classify',
  'request_closing',
  'approve_closing',
  'return_closing',
  'reopen',
  'fields_changed',
  'assigned',
  'personal_data_viewed',
] as const;
export type OfficialAction = (typeof OFFICIAL_ACTIONS)[number];
export const OFFICIAL_ACTION_LABELS: Record<OfficialAction, string> = {
  verify: '核实立案',
  reject: '不予立案',
  classify: '定性处置',
  request_closing: '申请销号',
  approve_closing: '审核通过销号',
  return_closing: '退回销号申请',
  reopen: '重新立案',
  fields_changed: '修改登记信息',
  assigned: '分派',
  personal_data_viewed: '查看当事人信息',
};
