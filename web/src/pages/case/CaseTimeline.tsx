import type { ReactNode } from 'react';
import { Space, Timeline } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { actionName, disposalHeading, disposalName, KINDS, statusName } from '../../lib/kinds';
import type { CaseDetail, TimelineEvent } from '../../api/types';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { STATUS_COLORS } from '../../lib/status';
import { label, type TFn } from './parts';

/** The label of each field a `fields_changed` event may name. */
const FIELD_LABEL_KEYS: Record<string, string> = {
  areaM2: 'case.area',
  floors: 'case.floors',
  structure: 'case.structure',
  use: 'case.use',
  landType: 'case.landType',
  onCultivatedLand: 'case.onCultivatedLand',
  onBasicFarmland: 'case.onBasicFarmland',
  ownerKind: 'case.ownerKind',
  ownerName: 'case.ownerName',
  ownerIdNumber: 'case.ownerIdNumber',
  ownerPhone: 'case.ownerPhone',
  enterpriseName: 'case.enterpriseName',
  enterpriseUscc: 'case.enterpriseUscc',
  addressGroup: 'case.addressGroup',
  addressHouseNo: 'case.addressHouseNo',
  safetyRisk: 'case.safetyRisk',
  note: 'case.note',
  footprint: 'case.footprint',
  origin: 'case.origin',
  category: 'case.category',
};

/** The vocabulary of each field whose values are codes. */
const FIELD_VOCAB: Record<string, string> = {
  category: 'category',
  structure: 'structure',
  use: 'use',
  landType: 'landType',
  ownerKind: 'ownerKind',
  origin: 'origin',
  safetyRisk: 'safetyRisk',
};

/** A changed value as a person reads it: the label of a code, 是/否, the area in m², — for empty. */
function changeValue(t: TFn, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
  if (field === 'footprint') return t('case.file.footprintSet');
  if (FIELD_VOCAB[field] && typeof v === 'string') return label(t, FIELD_VOCAB[field], v);
  if (field === 'areaM2') return `${Number(v)} m²`;
  return String(v);
}

function eventDetail(t: TFn, e: TimelineEvent, c: CaseDetail): ReactNode[] {
  const out: ReactNode[] = [];
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (typeof d.disposalClass === 'string')
    out.push(
      <span key="dc">
        {disposalHeading(t, c.kind)}:{disposalName(t, d.disposalClass)}
      </span>,
    );
  if (typeof d.deadline === 'string')
    out.push(
      <span key="dl">
        {t('case.deadline')}:{fmtDate(d.deadline)}
      </span>,
    );
  if (typeof d.reviewDate === 'string')
    out.push(
      <span key="rd">
        {t('case.reviewDate')}:{fmtDate(d.reviewDate)}
      </span>,
    );
  if (typeof d.remedyRef === 'string')
    out.push(
      <span key="rr">
        {t('case.remedyRef')}:{d.remedyRef}
      </span>,
    );
  if (typeof d.deferReason === 'string')
    out.push(
      <span key="df">
        {t('case.deferReason')}:{d.deferReason}
      </span>,
    );
  if (typeof d.reason === 'string' && d.reason !== e.note)
    out.push(
      <span key="rs">
        {t('case.reason')}:{d.reason}
      </span>,
    );
  if (typeof d.duplicateOf === 'string')
    out.push(
      <span key="dup">
        {t('case.duplicateOf')}:
        <Link to={`/cases/${d.duplicateOf}`}>
          {typeof d.duplicateOfCaseNo === 'string' ? d.duplicateOfCaseNo : d.duplicateOf === c.duplicateOf && c.duplicateOfCaseNo ? c.duplicateOfCaseNo : t('case.otherCase')}
        </Link>
      </span>,
    );
  if (e.kind === 'created' && typeof d.source === 'string')
    out.push(
      <span key="src">
        {t('case.source')}:{label(t, 'source', d.source)}
      </span>,
    );
  if (e.kind === 'photo_added' && typeof d.stage === 'string') {
    const ph = c.photos.find((p) => p.id === d.photoId);
    out.push(
      <span key="ph">
        {label(t, 'stage', d.stage)}
        {ph?.capturedAt ? ` · ${t('case.capturedAt')} ${fmtDateTime(ph.capturedAt)}` : ''}
      </span>,
    );
  }
  if (e.kind === 'fields_changed' && d.changes && typeof d.changes === 'object') {
    // each field with its value before and after (the server masks an ID number or phone in both)
    const changes = Object.entries(d.changes as Record<string, { from?: unknown; to?: unknown }>);
    out.push(
      <span key="fc" data-testid="fields-changed">
        {t('case.changedFields')}
        {d.afterClosing ? ` ${t('case.afterClosing')}` : ''}:
        {changes.map(([k, ch], i) => (
          <span key={k} className="tl-change">
            {i ? ';' : ''}
            {FIELD_LABEL_KEYS[k] ? t(FIELD_LABEL_KEYS[k]) : k} {changeValue(t, k, ch?.from)} → {changeValue(t, k, ch?.to)}
          </span>
        ))}
      </span>,
    );
  }
  return out;
}

/** The case's events, each with who did it and what it changed. */
export function CaseTimeline({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const items = c.timeline.map((e) => {
    const color = e.kind === 'reject' ? 'red' : e.toStatus ? STATUS_COLORS[e.toStatus] : 'gray';
    const details = eventDetail(t, e, c);
    return {
      key: e.id,
      color,
      content: (
        <div data-testid="timeline-item">
          <div className="tl-head">
            <span className="tl-kind">{KINDS[c.kind].actionLabels[e.kind] && c.kind !== 'violation' ? actionName(t, c.kind, e.kind) : label(t, 'event', e.kind)}</span>
            {e.fromStatus && e.toStatus ? (
              <span className="muted" style={{ fontSize: 12 }}>
                {statusName(t, c.kind, e.fromStatus)} → {statusName(t, c.kind, e.toStatus)}
              </span>
            ) : e.toStatus ? (
              <span className="muted" style={{ fontSize: 12 }}>
                → {statusName(t, c.kind, e.toStatus)}
              </span>
            ) : null}
          </div>
          <div className="tl-meta">
            {fmtDateTime(e.at)} · {e.actorName ?? t('role.system')}
            {e.actorRole ? `(${label(t, 'role', e.actorRole)})` : ''}
          </div>
          {e.note ? <div className="tl-detail">{e.note}</div> : null}
          {details.length ? (
            <div className="tl-detail">
              <Space size={[12, 0]} wrap>
                {details}
              </Space>
            </div>
          ) : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} />;
}
