import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { CheckCircleTwoTone, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { errorMessage } from '../../lib/errors';
import { useDivisions } from '../../lib/useDivisions';
import { useSearchState } from '../../lib/useSearchState';
import { listLetters, STATUS_TAG, type Letter, type LetterList } from './api';
import { LetterForm } from './LetterForm';

/** The years a letter is kept for: from the first letters (2022) to next year. */
const years = () => Array.from({ length: new Date().getFullYear() + 2 - 2022 }, (_, i) => 2022 + i).reverse();

/**
 * 责任书 (/letters): the towns' responsibility letters by year and town, each with its progress against its
 * targets; the city office creates them, a town officer sees his own town's.
 */
export default function LettersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const s = useSearchState();
  const { towns, byCode } = useDivisions();
  const year = s.get('year') ? Number(s.get('year')) : undefined;
  const town = s.get('town');
  const [data, setData] = useState<LetterList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const writer = user.role === 'city_office';
  const cityLevel = byCode.get(user.divisionCode)?.level === 'city';

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    listLetters({ year, town }, ac.signal).then(setData, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [year, town, t]);

  const columns: TableColumnsType<Letter> = [
    { title: t('letters.year'), dataIndex: 'year', key: 'year', width: 70 },
    { title: t('letters.town'), dataIndex: 'townName', key: 'town', width: 100, render: (v: string, l) => <Link to={`/letters/${l.id}`}>{v}</Link> },
    { title: t('letters.titleCol'), dataIndex: 'title', key: 'title', ellipsis: true },
    { title: t('letters.signedOn'), dataIndex: 'signedOn', key: 'signedOn', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('letters.file'),
      key: 'file',
      width: 90,
      align: 'center',
      render: (_: unknown, l) => (l.file ? <CheckCircleTwoTone twoToneColor="#52c41a" aria-label={t('letters.uploaded')} /> : <span className="muted">—</span>),
    },
    {
      title: t('letters.progress'),
      key: 'progress',
      render: (_: unknown, l) => (
        <Space size={4} wrap>
          {l.progress.items.map((i) => (
            <Tooltip key={i.code} title={`${i.target} · ${i.actual}`}>
              <Tag color={STATUS_TAG[i.status]}>
                {i.label} {i.rate === null ? i.actual : `${Math.round(i.rate * 100)}%`}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    { title: t('letters.status'), key: 'status', width: 90, render: (_: unknown, l) => <Tag color={STATUS_TAG[l.progress.status]}>{t(`letters.st.${l.progress.status}`)}</Tag> },
  ];

  return (
    <div className="page" data-testid="letters-page">
      <div className="page-head">
        <h1 className="page-title">{t('letters.title')}</h1>
        <div style={{ marginInlineStart: 'auto', display: 'flex', gap: 8 }}>
          <Select
            allowClear
            aria-label={t('letters.year')}
            data-testid="letters-year"
            placeholder={t('letters.allYears')}
            style={{ width: 120 }}
            value={year}
            onChange={(v) => s.update({ year: v ? String(v) : undefined })}
            options={years().map((y) => ({ value: y, label: `${y}` }))}
          />
          {cityLevel && (
            <Select
              allowClear
              aria-label={t('letters.town')}
              placeholder={t('letters.allTowns')}
              style={{ width: 140 }}
              value={town}
              onChange={(v) => s.update({ town: v })}
              options={towns.filter((d) => d.inJurisdiction).map((d) => ({ value: d.code, label: d.name }))}
            />
          )}
          {writer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('letters.create')}
            </Button>
          )}
        </div>
      </div>
      {!writer && user.role === 'town_officer' && <Alert type="info" showIcon title={t('letters.readOnly')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<Letter>
          size="small"
          rowKey="id"
          loading={!data && !error}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 30, hideOnSinglePage: true }}
          locale={{ emptyText: t('letters.empty') }}
          onRow={(l) => ({ onDoubleClick: () => navigate(`/letters/${l.id}`) })}
          data-testid="letters-table"
        />
      </Card>
      <LetterForm open={creating} onClose={() => setCreating(false)} onSaved={(l) => navigate(`/letters/${l.id}`)} />
    </div>
  );
}
