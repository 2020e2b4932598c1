import { useState } from 'react';
import { Button, message, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { caseAction } from '../../api/endpoints';
import type { CaseDetail, DuplicateCandidate } from '../../api/types';
import { StatusTag } from '../../components/tags';

/** Cases that may be the same building, with a merge (reject as a duplicate) where this user may. */
export function DuplicateCandidates({ c, onMerged }: { c: CaseDetail; onMerged: () => void }) {
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
            {d.factors.photoHamming !== null && d.factors.photoHamming !== undefined ? <span className="muted">{t('dup.photo', { bits: d.factors.photoHamming })}</span> : null}
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
