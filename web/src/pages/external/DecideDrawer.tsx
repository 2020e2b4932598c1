import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Drawer, Empty, Input, Popconfirm, Row, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { errorMessage } from '../../lib/errors';
import { fmtArea, fmtCoord, fmtDate, fmtDateTime } from '../../lib/format';
import { STATUS_COLORS as CASE_STATUS_COLORS } from '../../lib/status';
import { label } from '../case/parts';
import { STATUS_COLORS, type Source } from './ExternalPointsPage';

type Detail = ApiBody<'/api/external/points/{id}'>;
type Decision = { action: 'link' | 'new_case' | 'unlink'; caseId?: string; caseNo?: string };

/** One point: the row as received, and its candidate cases side by side (distance, number, status, a photo) to decide. */
export function DecideDrawer({ id, source, onClose, onDecided }: { id: string | null; source: Source; onClose: () => void; onDecided: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [p, setP] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [caseNo, setCaseNo] = useState('');
  const mayDecide = user.role === 'city_office' || user.role === 'town_officer';

  useEffect(() => {
    setP(null);
    setError(null);
    setCaseNo('');
    if (id) api<Detail>(`/api/external/points/${id}`).then(setP, setError);
  }, [id]);

  async function decide(d: Decision) {
    if (!p) return;
    setBusy(true);
    try {
      const next = await api<Detail>(`/api/external/points/${p.id}/decision`, { method: 'POST', body: { ...d, updatedAt: p.updatedAt } });
      setP(next);
      onDecided();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const open = p && (p.status === 'conflict' || p.status === 'unmatched');
  return (
    <Drawer open={!!id} onClose={onClose} width={960} title={p ? `${t('ext.drawer')} · ${p.externalId}` : t('ext.drawer')} destroyOnHidden data-testid="ext-drawer">
      {error ? <Alert type="error" showIcon message={errorMessage(error, t)} /> : null}
      {!p && !error ? <Spin /> : null}
      {p ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Space wrap>
            <Tag color={STATUS_COLORS[p.status]} data-testid="ext-drawer-status">
              {t(`ext.status.${p.status}`)}
            </Tag>
            {p.note ? <span>{p.note}</span> : null}
            {p.decidedBy ? <Typography.Text type="secondary">{t('ext.decided', { name: p.decidedBy.name, at: fmtDateTime(p.decidedAt) })}</Typography.Text> : null}
          </Space>
          <Card size="small" title={`${source.name} · ${t('ext.raw')}`}>
            <Descriptions
              size="small"
              column={3}
              items={[
                ...Object.entries(p.raw).map(([k, v]) => ({ key: k, label: k, children: v || '—' })),
                { key: '_pos', label: 'WGS-84', children: fmtCoord(p.lon, p.lat) },
                { key: '_place', label: t('ext.col.place'), children: p.divisionName ?? '—' },
              ]}
            />
          </Card>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('ext.candidates')}
          </Typography.Title>
          {p.candidateCases.length === 0 ? (
            <Empty description={t('ext.noCandidates')} />
          ) : (
            <Row gutter={[12, 12]} data-testid="ext-candidates">
              {p.candidateCases.map((c) => (
                <Col key={c.caseId} xs={24} md={12} xl={8}>
                  <Card
                    size="small"
                    data-testid={`ext-candidate-${c.caseNo}`}
                    className={c.linked ? 'ext-candidate linked' : 'ext-candidate'}
                    style={c.linked ? { borderColor: '#52c41a' } : undefined}
                    cover={
                      c.photoId ? (
                        <img alt={c.caseNo} src={`/api/photos/${c.photoId}/thumbnail`} style={{ height: 140, objectFit: 'cover' }} />
                      ) : (
                        <div style={{ height: 140, display: 'grid', placeItems: 'center', background: '#fafafa', color: '#999' }}>{t('ext.noPhoto')}</div>
                      )
                    }
                  >
                    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                      <Space wrap>
                        <Link to={`/cases/${c.caseId}`} className="mono">
                          {c.caseNo}
                        </Link>
                        <Tag color={CASE_STATUS_COLORS[c.status as keyof typeof CASE_STATUS_COLORS]}>{label(t, 'status', c.status)}</Tag>
                        {c.linked ? <Tag color="green">{t('ext.linked')}</Tag> : null}
                      </Space>
                      <strong>{t('ext.distance', { m: c.distanceM })}</strong>
                      <span>
                        {label(t, 'category', c.category)} · {c.areaM2 === null ? '—' : `${fmtArea(c.areaM2)} m²`} · {t('ext.photos', { n: c.photoCount })}
                      </span>
                      <span className="muted">{c.address ?? c.villageName ?? '—'}</span>
                      <span className="muted">{fmtDate(c.foundAt)}</span>
                      {c.agrees === false ? <Tag color="orange">{c.why}</Tag> : c.agrees ? <Tag color="green">{t('ext.agrees')}</Tag> : null}
                      {mayDecide && !c.linked ? (
                        <Button type="primary" size="small" loading={busy} onClick={() => decide({ action: 'link', caseId: c.caseId })} data-testid={`ext-link-${c.caseNo}`}>
                          {t('ext.linkThis')}
                        </Button>
                      ) : null}
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
          )}
          {mayDecide ? (
            <Space wrap>
              {open ? (
                <Popconfirm title={t('ext.newCaseConfirm', { source: t(`ext.caseSource.${source.caseSource}`) })} onConfirm={() => decide({ action: 'new_case' })}>
                  <Button loading={busy} data-testid="ext-new-case">
                    {t('ext.newCase')}
                  </Button>
                </Popconfirm>
              ) : null}
              <Space.Compact>
                <Input placeholder={t('ext.caseNoPlaceholder')} value={caseNo} onChange={(e) => setCaseNo(e.target.value)} style={{ width: 240 }} aria-label={t('ext.byCaseNo')} />
                <Button disabled={!caseNo.trim()} loading={busy} onClick={() => decide({ action: 'link', caseNo: caseNo.trim() })}>
                  {t('ext.link')}
                </Button>
              </Space.Compact>
              {p.caseId ? (
                <Popconfirm title={t('ext.unlink')} onConfirm={() => decide({ action: 'unlink' })}>
                  <Button danger loading={busy} data-testid="ext-unlink">
                    {t('ext.unlink')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
