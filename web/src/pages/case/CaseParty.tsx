import { useEffect, useState } from 'react';
import { App as AntApp, Button, Space, Typography } from 'antd';
import { EyeOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody, CaseDetail } from '../../api/types';
import { fmtDateTime } from '../../lib/format';
import { descr, label } from './parts';

type PersonalData = ApiBody<'/api/cases/{id}/personal-data', 'post'>;

/**
 * The owner (当事人): his ID number and phone arrive masked for every role; the roles that act on them reveal
 * them here, one explicit click at a time, and the server records each look on the audit trail (查询留痕).
 * The full values live only in this component's state and are gone when the page changes case.
 */
export function CaseParty({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [full, setFull] = useState<PersonalData | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setFull(null), [c.id]);

  const reveal = () => {
    setBusy(true);
    api<PersonalData>(`/api/cases/${encodeURIComponent(c.id)}/personal-data`, { method: 'POST', body: {} })
      .then(setFull, (e: unknown) => message.error((e as Error).message))
      .finally(() => setBusy(false));
  };

  const shown = full && full.caseId === c.id ? full : null;
  const items = [
    { key: 'kind', label: t('case.ownerKind'), children: label(t, 'ownerKind', c.ownerKind) },
    { key: 'name', label: t('case.ownerName'), children: c.ownerName ?? '—' },
    {
      key: 'idn',
      label: t('case.ownerIdNumber'),
      children: (
        <span className="mono" data-testid="owner-id-number">
          {(shown ? shown.ownerIdNumber : c.ownerIdNumber) ?? '—'}
        </span>
      ),
    },
    {
      key: 'phone',
      label: t('case.ownerPhone'),
      children: (
        <span className="mono" data-testid="owner-phone">
          {(shown ? shown.ownerPhone : c.ownerPhone) ?? '—'}
        </span>
      ),
    },
  ];

  return (
    <div data-testid="case-party">
      {shown ? (
        <Typography.Paragraph type="warning" style={{ fontSize: 12, marginBottom: 8 }} data-testid="personal-data-revealed">
          <SafetyCertificateOutlined /> {t('case.revealedNote', { at: fmtDateTime(shown.viewedAt) })}
        </Typography.Paragraph>
      ) : c.personalDataMasked ? (
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <WarningOutlined /> {t('case.maskedNote')}
            {c.personalDataRevealable ? ` ${t('case.revealHint')}` : ''}
          </Typography.Text>
          {c.personalDataRevealable ? (
            <Button size="small" icon={<EyeOutlined />} loading={busy} onClick={reveal}>
              {t('case.revealPersonal')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {descr(items)}
    </div>
  );
}
