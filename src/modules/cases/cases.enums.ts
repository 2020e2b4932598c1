/** The registry's vocabularies: stable English codes in the API, zh-CN labels for people. */
export const STATUSES = ['reported', 'verified', 'rejected', 'classified', 'rectifying', 'closing_requested', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '已上报',
  verified: '已立案',
  rejected: '不予立案',
  classified: '已定性',
  rectifying: '整改中',
  closing_requested: '申请销号',
  closed: '已销号',
};
/** Cases that still need work (for the duplicate radius, maps of open cases, …). */
export const OPEN_STATUSES: CaseStatus[] = ['reported', 'verified', 'classified', 'rectifying', 'closing_requested'];

export const DISPOSAL_CLASSES = ['demolish', 'remedy', 'defer'] as const; // 拆一批、补一批、缓一批
export type DisposalClass = (typeof DISPOSAL_CLASSES)[number];
export const DISPOSAL_LABELS: Record<DisposalClass, string> = { demolish: '拆除', remedy: '整改补办', defer: '暂缓' };

export const ORIGINS = ['stock', 'new'] as const; // 存量 / 新增
export type Origin = (typeof ORIGINS)[number];

export const SOURCES = ['patrol', 'complaint', 'satellite', 'drone', 'census_import', 'department', 'provincial', 'prefecture'] as const;
export type CaseSource = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<CaseSource, string> = {
  patrol: '日常巡查',
  complaint: '群众投诉',
  satellite: '卫片图斑',
  drone: '无人机航拍',
  census_import: '普查导入',
  department: '部门移送',
  provincial: '省级平台',
  prefecture: '嘉兴市平台',
};

export const LAND_TYPES = ['construction', 'agricultural', 'cultivated', 'basic_farmland', 'unused', 'other'] as const;
export const STRUCTURES = ['brick_concrete', 'frame', 'steel', 'simple', 'wood', 'other'] as const;
export const USES = ['residential', 'production', 'storage', 'commercial', 'livestock', 'other'] as const;
export const CATEGORIES = ['building', 'structure', 'shed', 'pole_line', 'other'] as const;
export type CaseCategory = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<CaseCategory, string> = { building: '房屋', structure: '构筑物', shed: '棚房', pole_line: '杆线', other: '其他' };
export const SAFETY_RISKS = ['low', 'medium', 'high'] as const;
export const OWNER_KINDS = ['individual', 'enterprise', 'collective'] as const;
export const PHOTO_STAGES = ['before', 'during', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];
