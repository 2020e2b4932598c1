/**
 * The named measures indicator formulas are written over. Each is a number per village, computed in
 * SQL by index.repo.ts from the registry's history "as of the period's end"; a town's value is the sum
 * of its villages' values, except for the division's own attributes (population, land area), which
 * come from the town itself. Pure data: the SQL lives in the repo, the meaning lives here and in
 * docs/index.md.
 *
 * `available: false` marks a measure the system has no data source for yet: an indicator that uses it
 * is left out of a run ("no data source yet") and the weights of its dimension are renormalised —
 * never filled with made-up values.
 */
export type MeasureWindow =
  /** a fact of the division (population, land area) */
  | 'static'
  /** the state of the registry at the period's end */
  | 'asof'
  /** events in the trailing flow window that ends at the period's end (definition.flowWindowMonths) */
  | 'flow'
  /** events in the period itself (month or quarter) */
  | 'period'
  /** everything up to the period's end */
  | 'cumulative';

export interface MeasureDef {
  id: string;
  name: { zh: string; en: string };
  unit: string;
  window: MeasureWindow;
  /** Where the number comes from (zh, for people). */
  source: string;
  available: boolean;
  /** A division attribute: a town uses its own value, not the sum of its villages. */
  attribute?: boolean;
  /**
   * Measures fed by one data stream that may not be in use yet in the period (e.g. patrol tracks
   * before the patrol app was rolled out): when the stream has no record at all in the whole city in
   * the period, indicators using them are left out as "no data in this period".
   */
  stream?: { measure: string; name: string };
}

const PATROL_STREAM = { measure: 'patrol_track_count', name: '巡查轨迹' };
/** Change patches are imported by batch: a period with no batch due anywhere has no data for B4. */
const PATCH_STREAM = { measure: 'patch_due_count', name: '变化图斑' };

export const MEASURES: MeasureDef[] = [
  {
    id: 'population',
    name: { zh: '常住人口', en: 'Resident population' },
    unit: '人',
    window: 'static',
    source: '行政区划表 divisions.population',
    available: true,
    attribute: true,
  },
  { id: 'land_area_km2', name: { zh: '土地面积', en: 'Land area' }, unit: 'km²', window: 'static', source: '行政区划表 divisions.land_area_km2', available: true, attribute: true },
  {
    id: 'boundary_area_km2',
    name: { zh: '辖区面积(按边界计算)', en: 'Area inside the boundary' },
    unit: 'km²',
    window: 'static',
    source: '行政区划边界 ST_Area(boundary)',
    available: true,
  },
  {
    id: 'open_count',
    name: { zh: '在册未销号违建数', en: 'Standing violations' },
    unit: '处',
    window: 'asof',
    source: '案件历史:期末状态为已立案/已定性/整改中/申请销号',
    available: true,
  },
  {
    id: 'open_area_m2',
    name: { zh: '在册未销号违建面积', en: 'Area of standing violations' },
    unit: 'm²',
    window: 'asof',
    source: '案件历史:期末状态为已立案/已定性/整改中/申请销号的面积之和',
    available: true,
  },
  {
    id: 'stock_area_m2',
    name: { zh: '存量违建总面积', en: 'Stock violation area' },
    unit: 'm²',
    window: 'asof',
    source: '案件历史:存量(origin=stock)且未被不予立案的面积之和',
    available: true,
  },
  {
    id: 'stock_closed_area_m2',
    name: { zh: '存量已销号面积', en: 'Stock area closed' },
    unit: 'm²',
    window: 'asof',
    source: '案件历史:存量且期末已销号的面积之和',
    available: true,
  },
  {
    id: 'new_count',
    name: { zh: '新增违建数', en: 'New violations' },
    unit: '处',
    window: 'flow',
    source: '新增(origin=new)、发现时间在统计窗口内、期末未被不予立案的案件数',
    available: true,
  },
  { id: 'new_area_m2', name: { zh: '新增违建面积', en: 'New violation area' }, unit: 'm²', window: 'flow', source: '同上,面积之和', available: true },
  {
    id: 'new_basic_farmland_period_count',
    name: { zh: '本期基本农田上新增违建数', en: 'New violations on basic farmland in the period' },
    unit: '处',
    window: 'period',
    source: '本期发现、期末记录为占用基本农田、未被不予立案的新增案件数',
    available: true,
  },
  {
    id: 'own_found_count',
    name: { zh: '自主发现新增数', en: 'New violations found by own patrol' },
    unit: '处',
    window: 'flow',
    source: '新增案件中来源为日常巡查或无人机航拍(镇村自己发现)的数量',
    available: true,
  },
  {
    id: 'complaint_count',
    name: { zh: '群众投诉数', en: 'Complaints' },
    unit: '件',
    window: 'flow',
    source: '来源为群众投诉、发现时间在统计窗口内、未被不予立案的案件数',
    available: true,
  },
  {
    id: 'quick_cohort_count',
    name: { zh: '即查即拆考察新增数', en: 'New violations old enough for the quick-removal test' },
    unit: '处',
    window: 'flow',
    source: '统计窗口内发现、且发现已满 quickRemovalDays 天的新增案件数',
    available: true,
  },
  {
    id: 'quick_removed_count',
    name: { zh: '即查即拆数', en: 'New violations demolished quickly' },
    unit: '处',
    window: 'flow',
    source: '上述案件中,定性为“拆除”且发现后 quickRemovalDays 天内拆除到位(镇街申请销号)的数量',
    available: true,
  },
  { id: 'file_count', name: { zh: '应建档案件数', en: 'Case files' }, unit: '件', window: 'asof', source: '期末未被不予立案的全部案件', available: true },
  {
    id: 'file_score_sum',
    name: { zh: '档案完整度合计', en: 'Sum of file completeness' },
    unit: '件',
    window: 'asof',
    source: '每件案件的完整度(0–1:拆前照片、面积、用地类型、当事人、结构,进入整改后另需拆后照片)之和',
    available: true,
  },
  {
    id: 'demolished_closed_count',
    name: { zh: '拆除销号数(累计)', en: 'Demolitions closed (to date)' },
    unit: '处',
    window: 'cumulative',
    source: '期末前曾以“拆除”销号的案件数',
    available: true,
  },
  {
    id: 'demolished_area_m2',
    name: { zh: '拆除销号面积(累计)', en: 'Area demolished and closed (to date)' },
    unit: 'm²',
    window: 'cumulative',
    source: '期末前曾以“拆除”销号的案件面积之和',
    available: true,
  },
  {
    id: 'rebuilt_count',
    name: { zh: '复建数(累计)', en: 'Rebuilds (to date)' },
    unit: '处',
    window: 'cumulative',
    source: '期末前销号后因复建重新立案(reopen)的案件数',
    available: true,
  },
  { id: 'rebuilt_flow_count', name: { zh: '窗口内复建数', en: 'Rebuilds in the window' }, unit: '处', window: 'flow', source: '统计窗口内因复建重新立案的案件数', available: true },
  {
    id: 'deferred_count',
    name: { zh: '暂缓案件数(累计)', en: 'Deferred cases (to date)' },
    unit: '件',
    window: 'cumulative',
    source: '期末前曾被定性为“暂缓”的案件数',
    available: true,
  },
  {
    id: 'deferred_stuck_count',
    name: { zh: '暂缓到期未重新处置数', en: 'Deferrals due and not decided again' },
    unit: '件',
    window: 'asof',
    source: '暂缓到期复议后退回“已立案”、超过 redecisionDays 天仍未重新定性的案件数',
    available: true,
  },
  { id: 'closing_count', name: { zh: '销号数', en: 'Closings' }, unit: '件', window: 'flow', source: '统计窗口内的销号(审核通过)次数', available: true },
  {
    id: 'valid_closing_count',
    name: { zh: '有效销号数', en: 'Closings on valid evidence' },
    unit: '件',
    window: 'flow',
    source: '上述销号中:有定性之后拍摄、带 EXIF 且无位置/时间异常的“整改后”照片,且期末未复建',
    available: true,
  },
  {
    id: 'patrol_track_count',
    name: { zh: '巡查轨迹数', en: 'Patrol tracks' },
    unit: '条',
    window: 'period',
    source: '本期与该村相交的巡查轨迹(patrol_tracks)',
    available: true,
    stream: PATROL_STREAM,
  },
  {
    id: 'covered_km2',
    name: { zh: '巡查覆盖面积', en: 'Area within 50 m of a patrol track' },
    unit: 'km²',
    window: 'period',
    source: '本期巡查轨迹两侧 50 米缓冲区与村边界相交的面积',
    available: true,
    stream: PATROL_STREAM,
  },
  // no data source yet: the system does not record these (see docs/index.md)
  {
    id: 'land_reused_area_m2',
    name: { zh: '拆后土地再利用面积', en: 'Demolished land reused' },
    unit: 'm²',
    window: 'cumulative',
    source: '尚无数据来源:系统未登记拆后土地复垦/再利用',
    available: false,
  },
  {
    id: 'patch_due_count',
    name: { zh: '应核查图斑数', en: 'Change patches due' },
    unit: '个',
    window: 'flow',
    source: '变化图斑(patches):所属批次的核查期限落在统计窗口内的卫片、无人机图斑数',
    available: true,
    stream: PATCH_STREAM,
  },
  {
    id: 'patch_on_time_count',
    name: { zh: '按期核查图斑数', en: 'Change patches verified on time' },
    unit: '个',
    window: 'flow',
    source: '上述图斑中期末前已审核通过、且核查结论在期限当日(含)之前提交的数量',
    available: true,
    stream: PATCH_STREAM,
  },
  {
    id: 'notice_due_count',
    name: { zh: '应回复督办单数', en: 'Supervision notices due' },
    unit: '件',
    window: 'flow',
    source: '督办单(supervision_notices):答复期限落在统计窗口内的督办单数',
    available: true,
  },
  {
    id: 'notice_on_time_count',
    name: { zh: '按期回复督办单数', en: 'Supervision notices answered on time' },
    unit: '件',
    window: 'flow',
    source: '上述督办单中在答复期限当日(含)之前回复的数量',
    available: true,
  },
];

export const MEASURE_BY_ID = new Map(MEASURES.map((m) => [m.id, m]));
/** Measures the repo computes (the SQL must return exactly these columns per village). */
export const COMPUTED_MEASURES = MEASURES.filter((m) => m.available).map((m) => m.id);
