import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Image, Skeleton, Space, Typography } from 'antd';
import { CloseOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getCase } from '../api/endpoints';
import { isAbort } from '../api/client';
import type { CaseDetail, CaseSummary } from '../api/types';
import { DisposalTag, OriginTag, StatusTag } from '../components/tags';
import { errorMessage } from '../lib/errors';
import { fmtArea, fmtDateTime } from '../lib/format';
import { disposalHeading } from '../lib/kinds';

export function MapCaseCard({ summary, onClose }: { summary: CaseSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setDetail(null);
    setError(null);
    getCase(summary.id, ac.signal)
      .then(setDetail)
      .catch((e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [summary.id, t]);

  const c = detail ?? summary;
  return (
    <Card
      size="small"
      variant="borderless"
      data-testid="map-case-card"
      title={
        <Space size={8}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.caseNo}</span>
          <StatusTag status={c.status} />
        </Space>
      }
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('map.close')} />}
    >
      <Descriptions
        size="small"
        column={1}
        colon={false}
        styles={{ label: { width: 72, color: 'rgba(0,0,0,0.5)' } }}
        items={[
          { key: 'addr', label: t('case.address'), children: c.addressText ?? '—' },
          { key: 'div', label: t('case.division'), children: `${c.townName ?? ''} ${c.divisionName ?? ''}` },
          { key: 'area', label: t('case.area'), children: c.areaM2 === null ? '—' : t('case.areaUnit', { area: fmtArea(c.areaM2) }) },
          {
            key: 'class',
            label: disposalHeading(t, c.kind),
            children: (
              <Space size={6}>
                <DisposalTag value={c.disposalClass} kind={c.kind} />
                <OriginTag value={c.origin} />
              </Space>
            ),
          },
          { key: 'src', label: t('case.source'), children: t(`source.${c.source}`) },
          { key: 'found', label: t('case.foundAt'), children: fmtDateTime(c.foundAt) },
        ]}
      />
      <div style={{ margin: '8px 0 4px', fontWeight: 500 }}>{t('map.photos')}</div>
      {error ? (
        <Typography.Text type="danger">{error}</Typography.Text>
      ) : !detail ? (
        <Skeleton.Image active style={{ width: 72, height: 54 }} />
      ) : detail.photos.length === 0 ? (
        <span className="muted">{t('map.noPhotos')}</span>
      ) : (
        <Image.PreviewGroup>
          <div className="thumbs">
            {detail.photos.map((p) => (
              <Image
                key={p.id}
                src={p.urls.thumbnail}
                preview={{ src: p.urls.display }}
                width={92}
                height={69}
                alt={t(`stage.${p.stage}`)}
                title={`${t(`stage.${p.stage}`)} · ${fmtDateTime(p.capturedAt ?? p.uploadedAt)}`}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      <div style={{ marginTop: 12 }}>
        <Link to={`/cases/${c.id}`}>
          <Button type="primary" block>
            {t('map.openCase')} <RightOutlined />
          </Button>
        </Link>
      </div>
    </Card>
  );
}
