import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Image, Input, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { ApiBody, GeoJSONFeatureCollection } from '../../api/types';
import { getBoundaries, getConfig, type DivisionProps } from '../../api/endpoints';
import { errorMessage } from '../../lib/errors';
import { fmtArea, fmtDateTime } from '../../lib/format';
import { DisposalTag, StatusTag } from '../../components/tags';
import { ALERT_ACTION_LABELS, ALERT_STEP_LABELS, ALERT_STATUS_LABELS, type AlertAction } from '../../../../shared/alerts';
import { AlertStatusTag, SeverityTag, ruleLabel } from './parts';
import GroupCases from './GroupCases';

const AlertCasesMap = lazy(() => import('../../map/AlertCasesMap'));

type Detail = ApiBody<'/api/alerts/{id}'>;
type EvidencePhoto = Detail['photos'][number];
const STAGES = ['before', 'during', 'after'] as const;

function PhotoTile({ p }: { p: EvidencePhoto }) {
  const { t } = useTranslation();
  return (
    <div
      style={{ width: 188, padding: 4, border: `2px solid ${p.involved ? '#cf1322' : 'transparent'}`, borderRadius: 4 }}
      data-testid={p.involved ? 'alert-photo-involved' : 'alert-photo'}
    >
      <Image src={p.urls.thumbnail} preview={{ src: p.urls.display }} width={180} height={135} style={{ objectFit: 'cover' }} alt={p.stage} />
      <div className="muted" style={{ fontSize: 12 }}>
        {t('alerts.capturedAt')}:{p.capturedAt ? fmtDateTime(p.capturedAt) : '—'}
      </div>
      {p.problems.map((x) => (
        <Tag key={x.code} color="red" style={{ whiteSpace: 'normal', marginTop: 2 }}>
          {x.detail ?? x.label}
        </Tag>
      ))}
    </div>
  );
}

const STAGE_KEYS: Record<string, string> = { before: 'alerts.before', during: 'alerts.during', after: 'alerts.after' };

/** A reused photo beside the earlier photo of another case it repeats, both large, each with its case, stage and times. */
function PhotoPair({ pair, d }: { pair: Detail['photoPairs'][number]; d: Detail }) {
  const { t } = useTranslation();
  const caseNo = (id: string) => d.cases.find((c) => c.id === id)?.caseNo ?? '';
  const side = (photoId: string, label: string) => {
    const p = d.photos.find((x) => x.id === photoId);
    if (!p) return null;
    return (
      <Col span={12} data-testid="alert-pair-photo">
        <Typography.Text strong>{label}</Typography.Text>
        <div style={{ background: '#f5f5f5', marginTop: 4, textAlign: 'center' }}>
          <Image src={p.urls.display} width="100%" height={300} style={{ objectFit: 'contain' }} alt={`${caseNo(p.caseId)} ${p.stage}`} />
        </div>
        <div style={{ marginTop: 4 }}>
          <Link to={`/cases/${p.caseId}`} className="mono">
            {caseNo(p.caseId)}
          </Link>{' '}
          · {t(STAGE_KEYS[p.stage] ?? p.stage)} · {t('alerts.capturedAt')} {p.capturedAt ? fmtDateTime(p.capturedAt) : '—'} · {t('alerts.uploadedAt')} {fmtDateTime(p.uploadedAt)}
        </div>
      </Col>
    );
  };
  return (
    <div style={{ marginBottom: 16 }} data-testid="alert-photo-pair">
      <Row gutter={16}>
        {side(pair.photoId, t('alerts.pairLater'))}
        {side(pair.otherPhotoId, t('alerts.pairEarlier'))}
      </Row>
      <Tag color="red" style={{ marginTop: 6 }}>
        {pair.bits === 0 ? t('alerts.pairSame') : t('alerts.pairBits', { n: pair.bits })}
      </Tag>
    </div>
  );
}

/**
 * One alert (/alerts/:id): what was found, the cases (numbers linking to the case), their photos before and
 * after side by side, their audit records as sentences with those the alert is about marked, the steps so
 * far, and the supervisor's next step with its reason.
 */
export default function AlertPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<AlertAction | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);

  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);
  const [tileUrl, setTileUrl] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    getConfig().then(
      (cfg) => setTileUrl(cfg.mapTileUrl),
      () => setTileUrl(null),
    );
    getBoundaries().then(setBoundaries, () => setBoundaries(null));
  }, []);

  const load = useCallback(() => api<Detail>(`/api/alerts/${id}`).then(setD, (e) => setError(errorMessage(e, t))), [id, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (action: AlertAction) => {
    if (action === 'dismiss' && !reason.trim()) {
      setReasonError(t('alerts.reasonRequired'));
      return;
    }
    setReasonError(null);
    setBusy(action);
    try {
      const next = await api<Detail>(`/api/alerts/${id}/actions`, { method: 'POST', body: { action, reason: reason.trim() || undefined } });
      setD(next);
      setReason('');
      message.success(t('alerts.done', { action: ALERT_ACTION_LABELS[action] }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'alert.reason_required') setReasonError(e.message);
      else message.error(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  if (error)
    return (
      <div className="page">
        <Alert type="error" showIcon title={error} />
      </div>
    );
  if (!d) return <div className="page" />;

  return (
    <div className="page" data-testid="alert-page">
      <Space style={{ marginBottom: 12 }}>
        <Link to="/alerts">
          <ArrowLeftOutlined /> {t('alerts.back')}
        </Link>
      </Space>
      <Card
        title={
          <Space>
            <SeverityTag value={d.severity} />
            <span data-testid="alert-rule">{ruleLabel(d.rule)}</span>
            <AlertStatusTag value={d.status} />
          </Space>
        }
        extra={<span className="muted">{fmtDateTime(d.createdAt)}</span>}
      >
        <Typography.Paragraph strong data-testid="alert-summary">
          {d.summary}
        </Typography.Paragraph>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('alerts.people')}>
            {d.users.map((u, i) => (
              <span key={u.id}>
                {i > 0 && '、'}
                <Link to={`/officials/${u.id}`} title="履职画像">
                  {u.displayName}
                </Link>
              </span>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.place')}>{d.placeName}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.status')}>{ALERT_STATUS_LABELS[d.status]}</Descriptions.Item>
        </Descriptions>
        {d.problems.length ? (
          <div style={{ marginTop: 8 }}>
            {t('alerts.problems')}:
            {d.problems.map((x) => (
              <Tag key={x.code} color="red">
                {x.detail ?? x.label}
              </Tag>
            ))}
          </div>
        ) : null}
      </Card>

      {d.photoPairs.length ? (
        <Card title={t('alerts.pairs')} size="small" style={{ marginTop: 12 }} data-testid="alert-photo-pairs">
          {d.photoPairs.map((pair) => (
            <PhotoPair key={`${pair.photoId}:${pair.otherPhotoId}`} pair={pair} d={d} />
          ))}
        </Card>
      ) : null}

      {d.group ? <GroupCases d={d} /> : null}

      {d.group ? null : (
        <>
          <Card title={t('alerts.evidenceCases')} size="small" style={{ marginTop: 12 }}>
            <Row gutter={12}>
              <Col span={d.cases.length ? 15 : 24}>
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={d.cases}
                  columns={[
                    {
                      title: t('col.caseNo'),
                      dataIndex: 'caseNo',
                      render: (v: string, c) => (
                        <Link to={`/cases/${c.id}`} className="mono" data-testid="alert-case-link">
                          {v}
                        </Link>
                      ),
                    },
                    { title: t('alerts.place'), key: 'place', render: (_, c) => c.addressText || `${c.townName} ${c.villageName}` },
                    { title: t('alerts.status'), dataIndex: 'status', render: (v) => <StatusTag status={v} /> },
                    { title: t('col.disposalClass'), dataIndex: 'disposalClass', render: (v) => <DisposalTag value={v} /> },
                    { title: t('col.area'), dataIndex: 'areaM2', render: (v: number | null) => fmtArea(v) },
                  ]}
                />
              </Col>
              {d.cases.length ? (
                <Col span={9}>
                  {/* where the cases are: their points within the town and village boundaries */}
                  {tileUrl === undefined ? (
                    <div className="case-map" />
                  ) : (
                    <Suspense fallback={<div className="case-map" />}>
                      <AlertCasesMap cases={d.cases} boundaries={boundaries} tileUrl={tileUrl} />
                    </Suspense>
                  )}
                </Col>
              ) : null}
            </Row>
          </Card>

          <Card title={t('alerts.photos')} size="small" style={{ marginTop: 12 }} data-testid="alert-photos">
            {d.cases.map((c) => (
              <div key={c.id} style={{ marginBottom: 12 }}>
                {d.cases.length > 1 ? <Typography.Text strong>{c.caseNo}</Typography.Text> : null}
                <Row gutter={16}>
                  {STAGES.map((stage) => {
                    const ps = d.photos.filter((p) => p.caseId === c.id && p.stage === stage);
                    return (
                      <Col span={8} key={stage}>
                        <Typography.Text type="secondary">{t(`alerts.${stage}`)}</Typography.Text>
                        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 4 }}>
                          {ps.length ? ps.map((p) => <PhotoTile key={p.id} p={p} />) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.noPhotos')} />}
                        </div>
                      </Col>
                    );
                  })}
                </Row>
              </div>
            ))}
          </Card>
        </>
      )}

      <Row gutter={12} style={{ marginTop: 12 }}>
        {/* a group's cases are listed above; the audit records are each case's own (open the case) */}
        {d.group ? null : (
          <Col span={14}>
            <Card title={t('alerts.audit')} size="small" data-testid="alert-audit">
              <Timeline
                items={d.auditRecords.map((r) => ({
                  color: r.involved ? 'red' : 'gray',
                  content: (
                    <div data-testid={r.involved ? 'alert-audit-involved' : undefined}>
                      <span className="muted">{fmtDateTime(r.at)}</span> {r.involved ? <Tag color="red">{t('alerts.involvedRecord')}</Tag> : null}
                      <div>{r.sentence}</div>
                    </div>
                  ),
                }))}
              />
            </Card>
          </Col>
        )}
        <Col span={d.group ? 12 : 10}>
          <Card title={t('alerts.steps')} size="small" data-testid="alert-steps">
            <Timeline
              items={d.steps.map((s) => ({
                content: (
                  <div>
                    <span className="muted">{fmtDateTime(s.at)}</span> {s.actorName} · {ALERT_STEP_LABELS[s.action]} → {ALERT_STATUS_LABELS[s.toStatus]}
                    {s.reason ? <div>{s.reason}</div> : null}
                    {s.referralNo ? (
                      <div data-testid="alert-referral-no">
                        {t('alerts.referralNo')}:{s.referralNo}
                      </div>
                    ) : null}
                  </div>
                ),
              }))}
            />
          </Card>
          <Card title={t('alerts.actions')} size="small" style={{ marginTop: 12 }}>
            {d.allowedActions.length ? (
              <>
                <Input.TextArea
                  rows={3}
                  maxLength={1000}
                  value={reason}
                  status={reasonError ? 'error' : undefined}
                  placeholder={t('alerts.reasonPlaceholder')}
                  data-testid="alert-reason"
                  onChange={(e) => setReason(e.target.value)}
                />
                {reasonError ? <div style={{ color: '#cf1322', marginTop: 4 }}>{reasonError}</div> : null}
                <Space style={{ marginTop: 8 }} wrap>
                  {d.allowedActions.map((a) => (
                    <Button
                      key={a}
                      type={a === 'confirm' || a === 'refer' ? 'primary' : 'default'}
                      danger={a === 'refer'}
                      loading={busy === a}
                      data-testid={`alert-action-${a}`}
                      onClick={() => void act(a)}
                    >
                      {ALERT_ACTION_LABELS[a]}
                    </Button>
                  ))}
                </Space>
              </>
            ) : (
              <Typography.Text type="secondary">{t('alerts.finished')}</Typography.Text>
            )}
            {d.status === 'referred' ? (
              <div style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  icon={<FilePdfOutlined />}
                  href={`/api/alerts/${d.id}/referral.pdf`}
                  download={`${t('alerts.referralSheet')}${d.steps.find((s) => s.referralNo)?.referralNo ?? ''}.pdf`}
                  data-testid="alert-referral-pdf"
                >
                  {t('alerts.referralSheet')}
                </Button>
              </div>
            ) : null}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
