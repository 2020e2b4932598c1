import { useEffect, useState } from 'react';
import { Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, isAbort } from '../../api/client';
import type { ApiBody, CaseDetail } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { fmtDateTime } from '../../lib/format';
import { Section } from './parts';

type Points = ApiBody<'/api/external/cases/{id}/points'>;
const VIEWERS = new Set(['city_office', 'town_officer', 'admin', 'supervisor']);
const COLORS: Record<string, string> = { matched: 'green', conflict: 'red', unmatched: 'orange', new_case: 'blue' };

/** The points of other systems (省平台, 嘉兴市平台 …) that name this case: shown only when there are any. */
export function CaseExternalRefs({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const [data, setData] = useState<Points | null>(null);
  const may = VIEWERS.has(user.role);
  useEffect(() => {
    if (!may) return;
    const ac = new AbortController();
    api<Points>(`/api/external/cases/${c.id}/points`, { signal: ac.signal }).then(setData, (e) => !isAbort(e) && setData(null));
    return () => ac.abort();
  }, [c.id, may]);
  if (!data?.items.length) return null;
  return (
    <Section title={t('ext.onCase')} extra={<Tag>{data.items.length}</Tag>}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.items}
        data-testid="case-external-points"
        columns={[
          { title: t('ext.source'), dataIndex: 'sourceName', width: 160 },
          {
            title: t('ext.col.externalId'),
            dataIndex: 'externalId',
            render: (v: string, p) => (
              <Link to={`/external?source=${p.sourceId}`} className="mono">
                {v}
              </Link>
            ),
          },
          { title: t('ext.col.status'), dataIndex: 'status', width: 110, render: (s: string) => <Tag color={COLORS[s]}>{t(`ext.status.${s}`)}</Tag> },
          { title: t('ext.col.address'), dataIndex: 'address', ellipsis: true },
          {
            title: t('ext.col.note'),
            key: 'n',
            render: (_: unknown, p) => (
              <Space size={4} wrap>
                {p.note ? <span>{p.note}</span> : null}
                {p.decidedBy ? <span className="muted">{t('ext.decided', { name: p.decidedBy.name, at: fmtDateTime(p.decidedAt) })}</span> : null}
              </Space>
            ),
          },
        ]}
      />
    </Section>
  );
}
