/**
 * The admin's rule set while it is edited (处置建议规则): each rule with its conditions as rows, and the
 * server's problems placed on the rule, part and condition they concern. Pure: the page renders it.
 */
import { conditionsOf, opsFor, RULE_FIELDS, whenKeyOf, whenOf, type RuleCondition, type RuleFieldKey, type RuleOp } from '../../../../shared/disposal-rules';
import type { DisposalClass } from '../../../../shared/enums';

export interface StoredRule {
  id: string;
  priority: number;
  suggest: DisposalClass;
  reason: string;
  when: Record<string, unknown>;
}
/** One condition row; `field` is null until chosen. */
export interface CondRow {
  key: number;
  field: RuleFieldKey | null;
  op: RuleOp;
  value: RuleCondition['value'];
}
export interface RuleDraft {
  key: number;
  /** Kept from the stored rule (the officer's reasons name it); a new rule gets one made up. Never shown. */
  id: string;
  priority: number | null;
  suggest: DisposalClass;
  reason: string;
  conds: CondRow[];
}
/** A problem placed on a rule (`rule`: its key) and part; `cond`: the condition row's key. */
export interface PlacedProblem {
  rule: number | null;
  field: string | null;
  cond: number | null;
  message: string;
}
/** The server's `details.problems` item. */
export interface ServerProblem {
  rule: number | null;
  field: string | null;
  condition: string | null;
  message: string;
}

let seq = 1;
export const nextKey = () => seq++;

export function toDrafts(rules: StoredRule[]): RuleDraft[] {
  // the form shows the rules strongest first: that is how they decide
  return [...rules]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i)
    .map(({ r }) => ({
      key: nextKey(),
      id: r.id,
      priority: r.priority,
      suggest: r.suggest,
      reason: r.reason,
      conds: conditionsOf(r.when).map((c) => ({ key: nextKey(), ...c })),
    }));
}

/** The set as the server takes it, in the form's order; rows without a field are left to the local check. */
export function toRules(drafts: RuleDraft[]): StoredRule[] {
  return drafts.map((d) => ({
    id: d.id,
    priority: d.priority as number,
    suggest: d.suggest,
    reason: d.reason,
    when: whenOf(d.conds.filter((c): c is CondRow & { field: RuleFieldKey } => c.field !== null)),
  }));
}

/** What the form itself can say before asking the server: an empty priority, a condition row whose field is not chosen. */
export function localProblems(drafts: RuleDraft[], say: { noPriority: string; pickField: string }): PlacedProblem[] {
  return drafts.flatMap((d) => [
    ...(d.priority === null ? [{ rule: d.key, field: 'priority', cond: null, message: say.noPriority }] : []),
    ...d.conds.filter((c) => c.field === null).map((c) => ({ rule: d.key, field: 'when', cond: c.key, message: say.pickField })),
  ]);
}

/** The server's problems placed on the drafts they were sent as (same order). */
export function placeProblems(drafts: RuleDraft[], problems: ServerProblem[]): PlacedProblem[] {
  return problems.map((p) => {
    const d = p.rule === null ? undefined : drafts[p.rule];
    const cond = d && p.condition ? d.conds.find((c) => c.field !== null && whenKeyOf({ field: c.field, op: c.op }) === p.condition) : undefined;
    return { rule: d?.key ?? null, field: p.field, cond: cond?.key ?? null, message: p.message };
  });
}

/** A made-up id for a new rule, unlike every other in the set. */
export function newRuleId(drafts: RuleDraft[]): string {
  const taken = new Set(drafts.map((d) => d.id));
  let n = drafts.length + 1;
  while (taken.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/** The comparisons of a field still free in a rule (a stored rule holds one condition per field and comparison). */
export function freeOps(d: RuleDraft, row: CondRow, field: RuleFieldKey): RuleOp[] {
  const used = d.conds.filter((c) => c.key !== row.key && c.field === field).map((c) => whenKeyOf({ field, op: c.op }));
  return opsFor(field).filter((op) => !used.includes(whenKeyOf({ field, op })));
}

/** A row after its field changes: the first free comparison, no value yet. */
export function withField(d: RuleDraft, row: CondRow, field: RuleFieldKey): CondRow {
  const op = freeOps(d, row, field)[0] ?? opsFor(field)[0];
  return { ...row, field, op, value: op === 'in' ? [] : null };
}

/** A row after its comparison changes: 等于 ⇄ 属于 keeps the values it can. */
export function withOp(row: CondRow, op: RuleOp): CondRow {
  if (!row.field || RULE_FIELDS[row.field].kind === 'number') return { ...row, op };
  if (op === 'in') return { ...row, op, value: Array.isArray(row.value) ? row.value : row.value === null ? [] : [row.value as string] };
  return { ...row, op, value: Array.isArray(row.value) ? (row.value[0] ?? null) : row.value };
}
