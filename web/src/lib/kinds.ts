/**
 * The command centre's words for the item kinds (shared/item-kinds.ts): a kind other than an illegal
 * building says its statuses, actions, categories and disposal choices its own way. Those words are
 * zh-CN (the kind declares them); in English the case's words stand.
 */
import i18next from 'i18next';
import { ITEM_KINDS, KINDS, type ItemKind } from '../../../shared/item-kinds';

export { KINDS, type ItemKind };

/** What these helpers need of i18next's `t` (the case page's parts take the same). */
type TFunction = (key: string, opts?: Record<string, unknown>) => string;

const zh = (_t: TFunction) => !(i18next.language ?? 'zh-CN').startsWith('en');

const asKind = (k: string | null | undefined): ItemKind => ((ITEM_KINDS as readonly string[]).includes(k ?? '') ? (k as ItemKind) : 'violation');

/** The label of a workflow action for an item of this kind. */
export function actionName(t: TFunction, kind: string | undefined, action: string): string {
  const own = KINDS[asKind(kind)].actionLabels[action];
  return own && zh(t) ? own : t(`act.name.${action}`);
}

/** The label of a status for an item of this kind. */
export function statusName(t: TFunction, kind: string | undefined, status: string): string {
  const own = KINDS[asKind(kind)].statusLabels[status];
  return own && zh(t) ? own : t(`status.${status}`);
}

/** A disposal choice of any kind: the case's words for the violations' own, else the kind's. */
export function disposalName(t: TFunction, value: string): string {
  if (value in KINDS.violation.disposalClasses) return t(`disposalClass.${value}`);
  for (const k of ITEM_KINDS) if (KINDS[k].disposalClasses[value]) return KINDS[k].disposalClasses[value];
  return value;
}

/** What an item of this kind calls its disposal decision (处置类别, 整治方式). */
export function disposalHeading(t: TFunction, kind: string | undefined): string {
  const own = KINDS[asKind(kind)].disposalWords?.heading;
  return own && zh(t) ? own : t('case.disposalClass');
}

/** What an item of this kind shows before its disposal is decided (未定性, 未定整治方式). */
export function disposalNone(t: TFunction, kind: string | undefined): string {
  const own = KINDS[asKind(kind)].disposalWords?.none;
  return own && zh(t) ? own : t('disposalClass.none');
}

/** A category of any kind. */
export function categoryName(t: TFunction, kind: string | undefined, value: string | null): string {
  if (!value) return '—';
  const k = asKind(kind);
  return k === 'violation' ? t(`category.${value}`, { defaultValue: value }) : (KINDS[k].categories[value] ?? value);
}

/** The disposal choices of a kind, for the classify form: [code, label]. */
export function disposalChoices(t: TFunction, kind: string | undefined): [string, string][] {
  return Object.keys(KINDS[asKind(kind)].disposalClasses).map((k) => [k, disposalName(t, k)]);
}

/** A kind's extra fields as [label, text] pairs for a case page. */
export function extraRows(kind: string | undefined, extra: Record<string, unknown> | undefined): [string, string][] {
  return KINDS[asKind(kind)].extraFields.map((f) => {
    const v = extra?.[f.key];
    return [f.label, v === undefined || v === null || v === '' ? '—' : `${v}${f.unit ? ` ${f.unit}` : ''}`];
  });
}
