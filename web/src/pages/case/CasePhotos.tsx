import { useState } from 'react';
import { Image, Tag } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PHOTO_STAGES, type CaseDetail, type Photo } from '../../api/types';
import { distanceM, fmtCoord, fmtDateTime } from '../../lib/format';
import { label } from './parts';

/**
 * A photo sent in two phases (docs/two-phase-report.md): until its original arrives the reduced copy stands
 * in (原图上传中, and overdue once its due time passed); a refused original is named with its hash's start.
 */
function OriginalState({ p }: { p: Photo }) {
  const { t } = useTranslation();
  const o = p.original;
  if (!o || o.status === 'verified') return null;
  if (o.status === 'refused')
    return (
      <div data-testid="photo-original" className="photo-original">
        <Tag color="red" title={t('original.refusedHint', { sha: (o.receivedSha256 ?? '').slice(0, 12) })}>
          {t('original.refused')}
        </Tag>
      </div>
    );
  return (
    <div data-testid="photo-original" className="photo-original">
      <Tag
        color={o.missingSince ? 'red' : 'processing'}
        title={o.missingSince ? t('original.missingHint', { at: fmtDateTime(o.dueAt) }) : t('original.awaitingHint', { at: fmtDateTime(o.dueAt) })}
      >
        {o.missingSince ? t('original.missing') : t('original.awaiting')}
      </Tag>
    </div>
  );
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
              {dist !== null ? <span style={{ color: dist > 100 ? '#cf1322' : 'rgba(0,0,0,0.45)' }}> · {t('case.distance', { m: Math.round(dist) })}</span> : null}
            </>
          ) : (
            <span className="muted">{t('case.noGps')}</span>
          )}
        </div>
        <div className="muted">
          {t('case.uploadedAt')}:{fmtDateTime(p.uploadedAt)}
          {make ? ` · ${make}` : ''}
        </div>
        <OriginalState p={p} />
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

/** The case's photos, stage by stage, each with where and when it was taken. */
export function Photos({ c }: { c: CaseDetail }) {
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

/** Before and after of the same place, one over the other, with a slider (拆前拆后对比). */
export function PhotoCompare({ photos }: { photos: Photo[] }) {
  const { t } = useTranslation();
  const before = photos.find((p) => p.stage === 'before');
  const afterPhotos = photos.filter((p) => p.stage === 'after');
  const after = afterPhotos[afterPhotos.length - 1];
  const [pos, setPos] = useState(50);
  if (!before || !after) return null;
  return (
    <div className="photo-compare" data-testid="photo-compare">
      <div className="photo-compare-frame">
        <img src={after.urls.display} alt={t('stage.after')} />
        <img src={before.urls.display} alt={t('stage.before')} style={{ clipPath: `inset(0 ${100 - pos}% 0 0)` }} />
        <div className="photo-compare-line" style={{ left: `${pos}%` }} />
        <span className="photo-compare-tag left">{t('stage.before')}</span>
        <span className="photo-compare-tag right">{t('stage.after')}</span>
      </div>
      <input type="range" min={0} max={100} value={pos} aria-label={t('compare.slider')} onChange={(e) => setPos(Number(e.target.value))} style={{ width: '100%' }} />
    </div>
  );
}
