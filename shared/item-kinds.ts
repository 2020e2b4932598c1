/**
 * The kinds of item the case engine serves (docs/item-kinds.md): one registry, one workflow, one photo
 * and evidence pipeline, one audit trail; a kind declares only what differs — its words, categories,
 * extra fields, disposal choices, deadlines and numbering. Pure data: the server and both web apps import it.
 */
import { CATEGORY_LABELS, DISPOSAL_LABELS } from './enums.js';

export const ITEM_KINDS = ['violation', 'campaign_item', 'waterlogging'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A field a kind adds to the case, kept in the case's `extra` (JSON), checked on intake and edit. */
export interface ExtraField {
  key: string;
  label: string;
  type: 'number' | 'text';
  /** numbers: inclusive bounds; texts: the longest */
  min?: number;
  max?: number;
  unit?: string;
  /** needed on a report (the patrol app asks for it) */
  required?: boolean;
}

export interface KindDeclaration {
  kind: ItemKind;
  /** what people call one item (积水点) */
  label: string;
  /** the number's prefix: PREFIX-YEAR-NNNNNN, each kind counting on its own */
  prefix: string;
  categories: Record<string, string>;
  defaultCategory: string;
  disposalClasses: Record<string, string>;
  /** what this kind calls the disposal decision and its absence (整治方式 / 未定整治方式), where not the case's 处置类别 / 未定性 */
  disposalWords?: { heading: string; none: string };
  extraFields: ExtraField[];
  /**
   * Working days of each step (by the status the item enters); absent: the city's deadline policy
   * (settings) decides, as for illegal buildings.
   */
  deadlineDays?: Partial<Record<'reported' | 'verified' | 'classified' | 'rectifying' | 'closing_requested', number>>;
  /** disposal classes whose closing needs an 'after' photo taken at the place (within the evidence radius) */
  placeProofClasses: string[];
  /** the words of the statuses where this kind says them otherwise (the codes stay the case's) */
  statusLabels: Partial<Record<string, string>>;
  /** the words of the workflow's actions where this kind says them otherwise */
  actionLabels: Partial<Record<string, string>>;
  /** who may take an action beyond the case's own roles (e.g. the system reopening a point reported flooded again) */
  extraActors?: Partial<Record<string, string[]>>;
  /** a new report within this many metres of a closed item of this kind reopens it instead (再次积水); 0: never */
  reopenRadiusM: number;
  /** counted by the governance index, the overview's figures, the duplicate check and the supervision alerts */
  countsAsViolation: boolean;
}

export const KINDS: Record<ItemKind, KindDeclaration> = {
  violation: {
    kind: 'violation',
    label: '违法建筑',
    prefix: 'PH',
    categories: CATEGORY_LABELS,
    defaultCategory: 'building',
    disposalClasses: DISPOSAL_LABELS,
    extraFields: [],
    placeProofClasses: ['demolish'],
    statusLabels: {},
    actionLabels: {},
    reopenRadiusM: 0,
    countsAsViolation: true,
  },
  campaign_item: {
    kind: 'campaign_item',
    label: '专项整治对象',
    prefix: 'ZX',
    categories: { pole_line: '杆线', structure: '构筑物', building: '房屋', other: '其他' },
    defaultCategory: 'pole_line',
    disposalClasses: { demolish: '拆除', remedy: '整改' },
    disposalWords: { heading: '整治方式', none: '未定整治方式' },
    extraFields: [
      { key: 'ref', label: '对象编号', type: 'text', max: 50 },
      { key: 'name', label: '对象名称', type: 'text', max: 100 },
      { key: 'responsibleUnit', label: '责任单位', type: 'text', max: 50 },
    ],
    placeProofClasses: ['demolish'],
    statusLabels: { verified: '已交办', classified: '已定整治方式', rectifying: '整治中', closing_requested: '待验收', closed: '已完成' },
    actionLabels: { verify: '核实交办', classify: '确定整治方式', start_rectification: '开始整治', request_closing: '申请验收', approve_closing: '验收销号', reopen: '重新整治' },
    reopenRadiusM: 0,
    countsAsViolation: false,
  },
  waterlogging: {
    kind: 'waterlogging',
    label: '积水点',
    prefix: 'JS',
    categories: { road: '道路', underpass: '下穿通道', community: '小区', farmland: '农田', other: '其他' },
    defaultCategory: 'road',
    disposalClasses: { dredging: '疏通清淤', drainage_works: '排水改造', pumping: '增设泵站' },
    disposalWords: { heading: '整治方式', none: '未定整治方式' },
    extraFields: [
      { key: 'depthCm', label: '积水深度', type: 'number', min: 1, max: 500, unit: 'cm', required: true },
      { key: 'responsibleUnit', label: '责任单位', type: 'text', max: 50 },
    ],
    // 受理 in 1 working day, the works decided in 3, drainage works in 20, acceptance in 5
    deadlineDays: { reported: 1, verified: 3, classified: 20, rectifying: 20, closing_requested: 5 },
    placeProofClasses: ['dredging', 'drainage_works', 'pumping'],
    statusLabels: { verified: '已交办', rejected: '不予受理', classified: '已定整治方式', rectifying: '整治中', closing_requested: '待验收', closed: '已销号' },
    actionLabels: {
      verify: '受理交办',
      reject: '不予受理',
      classify: '确定整治方式',
      start_rectification: '开始整治',
      request_closing: '申请验收',
      approve_closing: '验收销号',
      return_closing: '退回验收申请',
      reopen: '再次积水(重新交办)',
    },
    // an inspector who finds a closed point flooded again reopens it (from the phone's report, or 再次积水)
    extraActors: { reopen: ['system', 'inspector'] },
    reopenRadiusM: 30,
    countsAsViolation: false,
  },
};

export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  violation: KINDS.violation.label,
  campaign_item: KINDS.campaign_item.label,
  waterlogging: KINDS.waterlogging.label,
};

/** Every kind's category and disposal-class words in one map (the audit view, exports): the illegal buildings' win a shared code. */
export const ALL_CATEGORY_LABELS: Record<string, string> = Object.assign({}, KINDS.campaign_item.categories, KINDS.waterlogging.categories, KINDS.violation.categories);
export const ALL_DISPOSAL_LABELS: Record<string, string> = Object.assign(
  {},
  KINDS.campaign_item.disposalClasses,
  KINDS.waterlogging.disposalClasses,
  KINDS.violation.disposalClasses,
);
/** Every kind's extra fields' names (积水深度 …). */
export const EXTRA_FIELD_LABELS: Record<string, string> = Object.fromEntries(ITEM_KINDS.flatMap((k) => KINDS[k].extraFields.map((f) => [f.key, f.label])));

/** Every category and disposal class any kind declares: what the API's enums accept (the kind then checks its own). */
export const ALL_CATEGORIES = [...new Set(ITEM_KINDS.flatMap((k) => Object.keys(KINDS[k].categories)))];
export const ALL_DISPOSAL_CLASSES = [...new Set(ITEM_KINDS.flatMap((k) => Object.keys(KINDS[k].disposalClasses)))];

/** The problems of a kind's extra fields as given (empty: fine); `partial` for an edit, where absent means unchanged. */
export function extraProblems(kind: ItemKind, extra: Record<string, unknown> | undefined, partial = false): { field: string; message: string }[] {
  const decl = KINDS[kind];
  const out: { field: string; message: string }[] = [];
  const given = extra ?? {};
  for (const k of Object.keys(given)) {
    if (!decl.extraFields.some((f) => f.key === k)) out.push({ field: `extra.${k}`, message: `${decl.label}没有字段 ${k}` });
  }
  for (const f of decl.extraFields) {
    const v = given[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required && !partial) out.push({ field: `extra.${f.key}`, message: `请填写${f.label}` });
      continue;
    }
    if (f.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) out.push({ field: `extra.${f.key}`, message: `${f.label}须为数字` });
      else if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max))
        out.push({ field: `extra.${f.key}`, message: `${f.label}须在 ${f.min ?? ''}–${f.max ?? ''}${f.unit ?? ''} 之间` });
    } else if (typeof v !== 'string' || (f.max !== undefined && v.length > f.max)) out.push({ field: `extra.${f.key}`, message: `${f.label}须为不超过 ${f.max} 字的文字` });
  }
  return out;
}

/** The label of a status for a kind (its own word, else the case's). */
export const statusLabel = (kind: ItemKind, status: string, fallback: string) => KINDS[kind].statusLabels[status] ?? fallback;

/** The label of a workflow action for a kind (its own word, else the case's). */
export const actionLabel = (kind: ItemKind, action: string, fallback: string) => KINDS[kind].actionLabels[action] ?? fallback;
