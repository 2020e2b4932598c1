/**
 * The registry's vocabularies: the stable English codes of the API and their zh-CN labels, in one place
 * for the server (papers, exports, the import template, watermarks), the command centre (zh-CN.ts; en.ts
 * keeps its English words) and the patrol app. Pure data: no imports, so both sides may import it.
 */

export const ROLES = ['inspector', 'town_officer', 'city_office', 'department', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  inspector: '巡查员',
  town_officer: '镇街专员',
  city_office: '市三改一拆办',
  department: '职能部门',
  supervisor: '纪检监察',
  admin: '系统管理员',
};

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

export const DISPOSAL_CLASSES = ['demolish', 'remedy', 'defer'] as const; // 拆一批、补一批、缓一批
export type DisposalClass = (typeof DISPOSAL_CLASSES)[number];
export const DISPOSAL_LABELS: Record<DisposalClass, string> = { demolish: '拆除', remedy: '整改补办', defer: '暂缓' };

export const ORIGINS = ['stock', 'new'] as const;
export type Origin = (typeof ORIGINS)[number];
export const ORIGIN_LABELS: Record<Origin, string> = { stock: '存量', new: '新增' };

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
export type LandType = (typeof LAND_TYPES)[number];
export const LAND_TYPE_LABELS: Record<LandType, string> = {
  construction: '建设用地',
  agricultural: '农用地',
  cultivated: '耕地',
  basic_farmland: '永久基本农田',
  unused: '未利用地',
  other: '其他',
};

/** The ledgers' words (存量普查台账, docs/imports.md), which the patrol app's buttons use too. */
export const CATEGORIES = ['building', 'structure', 'shed', 'pole_line', 'other'] as const;
export type CaseCategory = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<CaseCategory, string> = { building: '房屋', structure: '构筑物', shed: '棚房', pole_line: '杆线', other: '其他' };

export const STRUCTURES = ['brick_concrete', 'frame', 'steel', 'simple', 'wood', 'other'] as const;
export type Structure = (typeof STRUCTURES)[number];
export const STRUCTURE_LABELS: Record<Structure, string> = { brick_concrete: '砖混', frame: '框架', steel: '钢结构', simple: '简易', wood: '木结构', other: '其他' };

export const USES = ['residential', 'production', 'storage', 'commercial', 'livestock', 'other'] as const;
export type Use = (typeof USES)[number];
export const USE_LABELS: Record<Use, string> = { residential: '住宅', production: '生产', storage: '仓储', commercial: '商业', livestock: '养殖', other: '其他' };

export const SAFETY_RISKS = ['low', 'medium', 'high'] as const;
export type SafetyRisk = (typeof SAFETY_RISKS)[number];
export const SAFETY_RISK_LABELS: Record<SafetyRisk, string> = { low: '低', medium: '中', high: '高' };

export const OWNER_KINDS = ['individual', 'enterprise', 'collective'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const OWNER_KIND_LABELS: Record<OwnerKind, string> = { individual: '个人', enterprise: '企业', collective: '村集体' };

/** Photo stages: before, during and after the rectification (a demolition or a remedy alike). */
export const PHOTO_STAGES = ['before', 'during', 'after'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];
export const STAGE_LABELS: Record<PhotoStage, string> = { before: '整改前', during: '整改中', after: '整改后' };

export const DOCUMENT_KINDS = ['demolition_order', 'reminder', 'delivery_receipt'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_LABELS: Record<DocumentKind, string> = { demolition_order: '责令限期拆除通知书', reminder: '催告书', delivery_receipt: '送达回证' };

/** An account's state as the accounts page shows it. */
export const ACCOUNT_STATUSES = ['active', 'locked', 'must_change_password', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: '正常',
  locked: '已锁定',
  must_change_password: '待修改密码',
  disabled: '已停用',
};
