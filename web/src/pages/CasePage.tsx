import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Col, Descriptions, Image, message, Popconfirm, Row, Space, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext';
import { caseAction, getBoundaries, getCase, getConfig, type DivisionProps } from '../api/endpoints';
import { isAbort } from '../api/client';
import { PHOTO_STAGES, type CaseDetail, type DuplicateCandidate, type GeoJSONFeatureCollection, type Photo, type TimelineEvent } from '../api/types';
import { DisposalTag, OriginTag, StatusTag } from '../components/tags';
import { ErrorResult } from '../components/ErrorResult';
import { FullPageSpin } from '../components/FullPageSpin';
import { distanceM, fmtArea, fmtCoord, fmtDate, fmtDateTime, todayShanghai } from '../lib/format';
import { STATUS_COLORS } from '../lib/status';
import { CaseActions, CaseDocuments, CaseNotices, CaseTasks, PhotoCompare } from './CaseWork';

const CaseMiniMap = lazy(() => import('../map/CaseMiniMap'));

type TFn = (key: string, opts?: Record<string, unknown>) => string;

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

/** An enum value's label, or the raw value when the vocabulary grows before the UI does. */
function label(t: TFn, ns: string, v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const k = `${ns}.${v}`;
  const s = t(k);
  return s === k ? v : s;
}

const yesNo = (t: TFn, v: boolean, warn = false) =>
  v ? (
    <Typography.Text type={warn ? 'danger' : undefined} strong={warn}>
      {t('app.yes')}
    </Typography.Text>
  ) : (
    t('app.no')
  );

function riskTag(t: TFn, v: string) {
  const color = v === 'high' ? 'red' : v === 'medium' ? 'orange' : 'green';
  return <Tag color={color}>{label(t, 'safetyRisk', v)}</Tag>;
}

function Section({ title, children, extra }: { title: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} className="section">
      {children}
    </Card>
  );
}

/** Items that would leave a gap (an odd item before a wide one, or an odd last item) fill the rest of their row. */
function fillRows(items: NonNullable<DescriptionsProps['items']>, column: number): DescriptionsProps['items'] {
  const out = items.map((it) => ({ ...it }));
  let pos = 0;
  out.forEach((it, i) => {
    const span = typeof it.span === 'number' ? Math.min(it.span, column) : 1;
    if (pos > 0 && pos + span > column) {
      out[i - 1].span = 'filled';
      pos = 0;
    }
    pos = (pos + span) % column;
  });
  if (pos > 0 && out.length) out[out.length - 1].span = 'filled';
  return out;
}

function descr(items: DescriptionsProps['items'], column = 2) {
  items = fillRows(items ?? [], column);
  return <Descriptions size="small" bordered column={column} items={items} />;
}

function eventDetail(t: TFn, e: TimelineEvent, c: CaseDetail): ReactNode[] {
  const out: ReactNode[] = [];
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (typeof d.disposalClass === 'string') out.push(<span key="dc">{t('case.disposalClass')}:{label(t, 'disposalClass', d.disposalClass)}</span>);
  if (typeof d.deadline === 'string') out.push(<span key="dl">{t('case.deadline')}:{fmtDate(d.deadline)}</span>);
  if (typeof d.reviewDate === 'string') out.push(<span key="rd">{t('case.reviewDate')}:{fmtDate(d.reviewDate)}</span>);
  if (typeof d.remedyRef === 'string') out.push(<span key="rr">{t('case.remedyRef')}:{d.remedyRef}</span>);
  if (typeof d.deferReason === 'string') out.push(<span key="df">{t('case.deferReason')}:{d.deferReason}</span>);
  if (typeof d.reason === 'string' && d.reason !== e.note) out.push(<span key="rs">{t('case.reason')}:{d.reason}</span>);
  if (typeof d.duplicateOf === 'string')
    out.push(
      <span key="dup">
        {t('case.duplicateOf')}:<Link to={`/cases/${d.duplicateOf}`}>{d.duplicateOf.slice(0, 8)}…</Link>
      </span>,
    );
  if (e.kind === 'created' && typeof d.source === 'string') out.push(<span key="src">{t('case.source')}:{label(t, 'source', d.source)}</span>);
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
    const names = Object.keys(d.changes as object).map((k) => (FIELD_LABEL_KEYS[k] ? t(FIELD_LABEL_KEYS[k]) : k));
    out.push(
      <span key="fc">
        {t('case.changedFields')}:{names.join('、')}
        {d.afterClosing ? ` ${t('case.afterClosing')}` : ''}
      </span>,
    );
  }
  return out;
}

function CaseTimeline({ c }: { c: CaseDetail }) {
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
            <span className="tl-kind">{label(t, 'event', e.kind)}</span>
            {e.fromStatus && e.toStatus ? (
              <span className="muted" style={{ fontSize: 12 }}>
                {label(t, 'status', e.fromStatus)} → {label(t, 'status', e.toStatus)}
              </span>
            ) : e.toStatus ? (
              <span className="muted" style={{ fontSize: 12 }}>→ {label(t, 'status', e.toStatus)}</span>
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

function PhotoCard({ p, c }: { p: Photo; c: CaseDetail }) {
  const { t } = useTranslation();
  const hasGps = p.captureLon !== null && p.captureLat !== null;
  const dist = hasGps ? distanceM(c.lon, c.lat, p.captureLon!, p.captureLat!) : null;
  const make = [p.exif?.make, p.exif?.model].filter((x) => typeof x === 'string' && x).join(' ');
  return (
    <div className="photo-card" data-testid="photo-card">
      <Image src={p.urls.display} preview={{ src: p.urls.display }} alt={`${label(t, 'stage', p.stage)} ${p.id}`} />
      <div className="photo-meta">
        <div>
          {t('case.capturedAt')}:{p.capturedAt ? fmtDateTime(p.capturedAt) : '—'}
        </div>
        <div>
          <EnvironmentOutlined style={{ color: '#8c8c8c' }} />{' '}
          {hasGps ? (
            <>
              <span className="mono">{fmtCoord(p.captureLon, p.captureLat)}</span>
              {dist !== null ? (
                <span style={{ color: dist > 100 ? '#cf1322' : 'rgba(0,0,0,0.45)' }}> · {t('case.distance', { m: Math.round(dist) })}</span>
              ) : null}
            </>
          ) : (
            <span className="muted">{t('case.noGps')}</span>
          )}
        </div>
        <div className="muted">
          {t('case.uploadedAt')}:{fmtDateTime(p.uploadedAt)}
          {make ? ` · ${make}` : ''}
        </div>
        {p.evidence ? (
          <div data-testid="photo-evidence">
            {p.evidence.flags.length === 0 ? (
              <Tag color="green" variant="outlined">
                {t('evidence.ok')}
              </Tag>
            ) : (
              p.evidence.flags.map((f) => (
                <Tag key={f} color={f === 'no_exif' || f === 'no_exif_gps' || f === 'no_exif_time' ? 'default' : 'orange'} title={t(`evidence.hint.${f}`)}>
                  {t(`evidence.flag.${f}`)}
                </Tag>
              ))
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function DuplicateCandidates({ c, onMerged }: { c: CaseDetail; onMerged: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const canMerge = c.allowedActions.includes('reject');
  const merge = async (d: DuplicateCandidate) => {
    setBusy(d.caseId);
    try {
      await caseAction(c.id, { action: 'reject', version: c.version, reason: t('dup.mergeReason', { caseNo: d.caseNo }), duplicateOf: d.caseId });
      message.success(t('dup.merged', { caseNo: d.caseNo }));
      onMerged();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div data-testid="duplicate-candidates">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('dup.hint')}
      </Typography.Paragraph>
      {c.duplicateCandidates.map((d) => (
        <div key={d.caseId} className="dup-row">
          <Space size={8} wrap>
            {d.visible ? <Link to={`/cases/${d.caseId}`}>{d.caseNo}</Link> : <span className="mono">{d.caseNo}</span>}
            <StatusTag status={d.status} />
            <span>
              {d.townName} · {d.divisionName}
            </span>
            <span className="muted">{t('dup.distance', { m: Math.round(d.distanceM) })}</span>
            <Tag color={d.score >= 0.8 ? 'red' : 'orange'}>{t('dup.score', { pct: Math.round(d.score * 100) })}</Tag>
            {d.factors.rebuild ? <Tag color="magenta">{t('dup.rebuild')}</Tag> : null}
            {d.factors.photoHamming !== null && d.factors.photoHamming !== undefined ? (
              <span className="muted">{t('dup.photo', { bits: d.factors.photoHamming })}</span>
            ) : null}
          </Space>
          {canMerge && d.visible ? (
            <Popconfirm title={t('dup.confirm', { caseNo: d.caseNo })} onConfirm={() => merge(d)} okText={t('dup.merge')} cancelText={t('dup.cancel')}>
              <Button size="small" loading={busy === d.caseId}>
                {t('dup.merge')}
              </Button>
            </Popconfirm>
          ) : !d.visible ? (
            <span className="muted">{t('dup.otherTown')}</span>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function Photos({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  if (c.photos.length === 0) return <span className="muted">{t('case.noPhotos')}</span>;
  return (
    <Image.PreviewGroup>
      <div className="stage-columns">
        {PHOTO_STAGES.map((stage) => {
          const list = c.photos.filter((p) => p.stage === stage);
          return (
            <div className="stage-block" key={stage} data-testid={`stage-${stage}`}>
              <div className="stage-title">
                {label(t, 'stage', stage)}
                <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
                  {t('case.photoCount', { count: list.length })}
                </Tag>
              </div>
              {list.length ? (
                <div className="photo-grid">
                  {list.map((p) => (
                    <PhotoCard key={p.id} p={p} c={c} />
                  ))}
                </div>
              ) : (
                <span className="muted">{t('case.noPhotosStage')}</span>
              )}
            </div>
          );
        })}
      </div>
    </Image.PreviewGroup>
  );
}

export default function CasePage() {
  const { id = '' } = useParams();
  const user = useUser();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [tileUrl, setTileUrl] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    getCase(id, ac.signal)
      .then(setC)
      .catch((e) => !isAbort(e) && setError(e));
    return () => ac.abort();
  }, [id, reload]);

  useEffect(() => {
    getConfig()
      .then((cfg) => setTileUrl(cfg.mapTileUrl))
      .catch(() => setTileUrl(null));
    getBoundaries()
      .then(setBoundaries)
      .catch(() => setBoundaries(null));
  }, []);

  const sections = useMemo(() => {
    if (!c) return null;
    const isEnterprise = c.ownerKind === 'enterprise' || !!c.enterpriseName || !!c.enterpriseUscc;
    const overdue =
      c.deadlineAt && !['closed', 'rejected', 'closing_requested'].includes(c.status) && fmtDate(c.deadlineAt) < todayShanghai();

    const basic: DescriptionsProps['items'] = [
      { key: 'addr', label: t('case.address'), children: c.addressText ?? '—' },
      { key: 'div', label: t('case.division'), children: `${c.townName ?? ''} / ${c.divisionName ?? ''}` },
      { key: 'loc', label: t('case.location'), children: <span className="mono">{fmtCoord(c.lon, c.lat)}</span> },
      { key: 'cat', label: t('case.category'), children: label(t, 'category', c.category) },
      { key: 'area', label: t('case.area'), children: c.areaM2 === null ? '—' : t('case.areaUnit', { area: fmtArea(c.areaM2) }) },
      { key: 'floors', label: t('case.floors'), children: c.floors === null ? '—' : t('case.floorsUnit', { count: c.floors }) },
      { key: 'structure', label: t('case.structure'), children: label(t, 'structure', c.structure) },
      { key: 'use', label: t('case.use'), children: label(t, 'use', c.use) },
      { key: 'land', label: t('case.landType'), children: label(t, 'landType', c.landType) },
      { key: 'cult', label: t('case.onCultivatedLand'), children: yesNo(t, c.onCultivatedLand, true) },
      { key: 'bf', label: t('case.onBasicFarmland'), children: yesNo(t, c.onBasicFarmland, true) },
      { key: 'risk', label: t('case.safetyRisk'), children: riskTag(t, c.safetyRisk) },
      { key: 'origin', label: t('case.origin'), children: <OriginTag value={c.origin} /> },
    ];

    const disposal: DescriptionsProps['items'] = [
      { key: 'dc', label: t('case.disposalClass'), children: <DisposalTag value={c.disposalClass} /> },
      {
        key: 'dl',
        label: t('case.deadlineAt'),
        children: c.deadlineAt ? (
          <Space size={6}>
            {fmtDate(c.deadlineAt)}
            {overdue ? (
              <Tag color="red" icon={<WarningOutlined />}>
                {t('case.overdue')}
              </Tag>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
      },
      { key: 'found', label: t('case.foundAt'), children: fmtDateTime(c.foundAt) },
      { key: 'ver', label: t('case.verifiedAt'), children: fmtDateTime(c.verifiedAt) },
      { key: 'cls', label: t('case.classifiedAt'), children: fmtDateTime(c.classifiedAt) },
      { key: 'closed', label: t('case.closedAt'), children: fmtDateTime(c.closedAt) },
    ];
    if (c.remedyRef) disposal.push({ key: 'rr', label: t('case.remedyRef'), children: c.remedyRef });
    if (c.deferReason) disposal.push({ key: 'df', label: t('case.deferReason'), children: c.deferReason });
    if (c.reviewDate) disposal.push({ key: 'rd', label: t('case.reviewDate'), children: fmtDate(c.reviewDate) });
    if (c.rejectReason) disposal.push({ key: 'rj', label: t('case.rejectReason'), children: c.rejectReason, span: 2 });
    if (c.duplicateOf)
      disposal.push({ key: 'dup', label: t('case.duplicateOf'), children: <Link to={`/cases/${c.duplicateOf}`}>{c.duplicateOf}</Link>, span: 2 });
    if (c.note) disposal.push({ key: 'note', label: t('case.note'), children: c.note, span: 2 });

    const party: DescriptionsProps['items'] = [
      { key: 'kind', label: t('case.ownerKind'), children: label(t, 'ownerKind', c.ownerKind) },
      { key: 'name', label: t('case.ownerName'), children: c.ownerName ?? '—' },
      { key: 'idn', label: t('case.ownerIdNumber'), children: <span className="mono">{c.ownerIdNumber ?? '—'}</span> },
      { key: 'phone', label: t('case.ownerPhone'), children: <span className="mono">{c.ownerPhone ?? '—'}</span> },
    ];

    const enterprise: DescriptionsProps['items'] | null = isEnterprise
      ? [
          { key: 'en', label: t('case.enterpriseName'), children: c.enterpriseName ?? '—' },
          { key: 'uscc', label: t('case.enterpriseUscc'), children: <span className="mono">{c.enterpriseUscc ?? '—'}</span> },
        ]
      : null;

    const source: DescriptionsProps['items'] = [
      { key: 'src', label: t('case.source'), children: label(t, 'source', c.source) },
      { key: 'created', label: t('case.createdAt'), children: fmtDateTime(c.createdAt) },
      {
        key: 'refs',
        label: t('case.externalRefs'),
        span: 2,
        children: c.externalRefs.length ? (
          <Space size={[8, 4]} wrap>
            {c.externalRefs.map((r) => (
              <Tag key={`${r.system}:${r.externalId}`} variant="outlined">
                {label(t, 'externalSystem', r.system)}: <span className="mono">{r.externalId}</span>
              </Tag>
            ))}
          </Space>
        ) : (
          <span className="muted">{t('case.noExternalRefs')}</span>
        ),
      },
      { key: 'upd', label: t('case.updatedAt'), children: fmtDateTime(c.updatedAt), span: 2 },
    ];
    return { basic, disposal, party, enterprise, source };
  }, [c, t]);

  if (error && !c) {
    return (
      <div className="page">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('case.back')}
        </Button>
        <ErrorResult error={error} onRetry={() => setReload((x) => x + 1)} />
      </div>
    );
  }
  if (!c || !sections || c.id !== id) return <FullPageSpin />;

  return (
    <div data-testid="case-page">
      <div className="case-head">
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))}
          aria-label={t('case.back')}
        />
        <span className="case-no">{c.caseNo}</span>
        <StatusTag status={c.status} />
        <DisposalTag value={c.disposalClass} />
        <OriginTag value={c.origin} />
        <span className="case-sub">
          {c.townName} · {c.divisionName} · {c.addressText}
        </span>
        <span className="case-sub" style={{ marginInlineStart: 'auto' }}>
          {t('case.updatedAt')} {fmtDateTime(c.updatedAt)}
        </span>
      </div>
      <div className="case-body">
        <Row gutter={12}>
          <Col xs={24} xl={15} xxl={16}>
            <Section title={t('case.basic')}>{descr(sections.basic)}</Section>
            <Section title={t('case.disposal')}>{descr(sections.disposal)}</Section>
            <Section title={t('act.title')}>
              <CaseActions c={c} onDone={() => setReload((x) => x + 1)} />
            </Section>
            {c.notices.length ? (
              <Section title={t('notice.title')} extra={<Tag color="red">{c.notices.filter((n) => n.status === 'open').length}</Tag>}>
                <CaseNotices c={c} onDone={() => setReload((x) => x + 1)} />
              </Section>
            ) : null}
            {c.duplicateCandidates.length ? (
              <Section title={t('dup.title')} extra={<Tag color="orange">{c.duplicateCandidates.length}</Tag>}>
                <DuplicateCandidates c={c} onMerged={() => setReload((x) => x + 1)} />
              </Section>
            ) : null}
            <Section title={t('case.photos')} extra={<span className="muted">{t('case.photoCount', { count: c.photos.length })}</span>}>
              <PhotoCompare photos={c.photos} />
              <Photos c={c} />
            </Section>
            {c.tasks.length || ['town_officer', 'city_office'].includes(user.role) ? (
              <Section title={t('task.title')}>
                <CaseTasks c={c} onDone={() => setReload((x) => x + 1)} />
              </Section>
            ) : null}
            <Section title={t('doc.title')}>
              <CaseDocuments c={c} onDone={() => setReload((x) => x + 1)} />
            </Section>
            <Section title={t('case.party')}>
              {c.personalDataMasked ? (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                  <WarningOutlined /> {t('case.maskedNote')}
                </Typography.Paragraph>
              ) : null}
              {descr(sections.party)}
            </Section>
            {sections.enterprise ? <Section title={t('case.enterprise')}>{descr(sections.enterprise)}</Section> : null}
            <Section title={t('case.sourceRefs')}>{descr(sections.source)}</Section>
          </Col>
          <Col xs={24} xl={9} xxl={8}>
            <Section title={t('case.mapTitle')}>
              {tileUrl === undefined ? (
                <div className="case-map" />
              ) : (
                <Suspense fallback={<div className="case-map" />}>
                  <CaseMiniMap lon={c.lon} lat={c.lat} status={c.status} footprint={c.footprint} boundaries={boundaries} tileUrl={tileUrl} />
                </Suspense>
              )}
            </Section>
            <Section title={t('case.timeline')}>
              <CaseTimeline c={c} />
            </Section>
          </Col>
        </Row>
      </div>
    </div>
  );
}
