import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Button, Col, Row, Space, Tag, type DescriptionsProps } from 'antd';
import { ArrowLeftOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext';
import { getBoundaries, getCase, getConfig, type DivisionProps } from '../api/endpoints';
import { isAbort } from '../api/client';
import type { CaseDetail, GeoJSONFeatureCollection } from '../api/types';
import { DisposalTag, OriginTag, StatusTag } from '../components/tags';
import { ErrorResult } from '../components/ErrorResult';
import { FullPageSpin } from '../components/FullPageSpin';
import { fmtArea, fmtCoord, fmtDate, fmtDateTime, todayShanghai } from '../lib/format';
import { categoryName, disposalHeading, extraRows, KINDS } from '../lib/kinds';
import { CaseActions } from './case/CaseActions';
import { CaseDocuments } from './case/CaseDocuments';
import { CaseNotices } from './case/CaseNotices';
import { CaseParty } from './case/CaseParty';
import { CaseFileEdit } from './case/CaseFileEdit';
import { CasePhotoUpload } from './case/CasePhotoUpload';
import { Photos, PhotoCompare } from './case/CasePhotos';
import { CaseTasks } from './case/CaseTasks';
import { CaseExternalRefs } from './case/CaseExternalRefs';
import { CaseTimeline } from './case/CaseTimeline';
import { DuplicateCandidates } from './case/DuplicateCandidates';
import { descr, label, riskTag, Section, yesNo } from './case/parts';

const CaseMiniMap = lazy(() => import('../map/CaseMiniMap'));

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
    const overdue = c.deadlineAt && !['closed', 'rejected', 'closing_requested'].includes(c.status) && fmtDate(c.deadlineAt) < todayShanghai();

    // another kind of item (积水点 …): its category and its own fields instead of a building's
    const itemBasic: DescriptionsProps['items'] = [
      { key: 'addr', label: t('case.address'), children: c.addressText ?? '—' },
      { key: 'div', label: t('case.division'), children: `${c.townName ?? ''} / ${c.divisionName ?? ''}` },
      { key: 'loc', label: t('case.location'), children: <span className="mono">{fmtCoord(c.lon, c.lat)}</span> },
      { key: 'cat', label: `${KINDS[c.kind].label}类别`, children: categoryName(t, c.kind, c.category) },
      ...extraRows(c.kind, c.extra).map(([k, v]) => ({ key: `x-${k}`, label: k, children: v })),
    ];
    const basic: DescriptionsProps['items'] =
      c.kind !== 'violation'
        ? itemBasic
        : [
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
      { key: 'dc', label: disposalHeading(t, c.kind), children: <DisposalTag value={c.disposalClass} kind={c.kind} /> },
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
      disposal.push({
        key: 'dup',
        label: t('case.duplicateOf'),
        children: (
          <Link to={`/cases/${c.duplicateOf}`} className="mono" data-testid="merged-into">
            {c.duplicateOfCaseNo ?? t('case.mergedCase')}
          </Link>
        ),
        span: 2,
      });
    if (c.note) disposal.push({ key: 'note', label: t('case.note'), children: c.note, span: 2 });

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
                {r.systemName ?? label(t, 'externalSystem', r.system)}: <span className="mono">{r.externalId}</span>
              </Tag>
            ))}
          </Space>
        ) : (
          <span className="muted">{t('case.noExternalRefs')}</span>
        ),
      },
      { key: 'upd', label: t('case.updatedAt'), children: fmtDateTime(c.updatedAt), span: 2 },
    ];
    return { basic, disposal, enterprise, source };
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
  // who completes the file and adds photos: the town officer and the city office (the server decides the jurisdiction)
  const canEdit = user.role === 'town_officer' || user.role === 'city_office';

  return (
    <div data-testid="case-page">
      <div className="case-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))} aria-label={t('case.back')} />
        <span className="case-no">{c.caseNo}</span>
        {c.kind !== 'violation' && (
          <Tag color="geekblue" data-testid="case-kind">
            {KINDS[c.kind].label}
          </Tag>
        )}
        <StatusTag status={c.status} kind={c.kind} />
        <DisposalTag value={c.disposalClass} />
        {c.kind === 'violation' && <OriginTag value={c.origin} />}
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
            <Section title={t('case.basic')} extra={canEdit ? <CaseFileEdit c={c} onDone={() => setReload((x) => x + 1)} /> : null}>
              {descr(sections.basic)}
            </Section>
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
              {canEdit && !['closed', 'rejected'].includes(c.status) ? (
                <div style={{ marginTop: 12 }}>
                  <CasePhotoUpload key={c.id} c={c} onDone={() => setReload((x) => x + 1)} />
                </div>
              ) : null}
            </Section>
            {c.tasks.length || ['town_officer', 'city_office'].includes(user.role) ? (
              <Section title={t('task.title')}>
                <CaseTasks c={c} onDone={() => setReload((x) => x + 1)} />
              </Section>
            ) : null}
            <Section title={t('doc.title')}>
              <CaseDocuments c={c} onDone={() => setReload((x) => x + 1)} />
            </Section>
            <Section title={t('case.party')} extra={canEdit ? <CaseFileEdit c={c} onDone={() => setReload((x) => x + 1)} /> : null}>
              <CaseParty c={c} />
            </Section>
            {sections.enterprise ? <Section title={t('case.enterprise')}>{descr(sections.enterprise)}</Section> : null}
            <Section title={t('case.sourceRefs')}>{descr(sections.source)}</Section>
            <CaseExternalRefs c={c} />
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
