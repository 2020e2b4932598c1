import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Progress, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/AuthContext';
import { isAbort } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { todayShanghai } from '../../lib/format';
import CampaignForm from './CampaignForm';
import { listCampaigns, num, pct, type CampaignSummary } from './api';

/** The campaign's state on a day: 未开始 / 进行中 / 已结束. */
export function phase(c: { startsOn: string; endsOn: string }, today = todayShanghai()): { label: string; color: string } {
  if (today < c.startsOn) return { label: '未开始', color: 'default' };
  if (today > c.endsOn) return { label: '已结束', color: 'purple' };
  return { label: '进行中', color: 'processing' };
}

/** 专项整治 (/campaigns): every campaign with its progress (5,083/7,292 = 69.7%), and 新建专项 for the city office. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const mayEdit = user.role === 'city_office' || user.role === 'admin';
  const [rows, setRows] = useState<CampaignSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    listCampaigns(ac.signal).then(
      (r) => setRows(r.items),
      (e) => !isAbort(e) && setError(errorMessage(e, t)),
    );
    return () => ac.abort();
  }, [t]);

  const columns: TableColumnsType<CampaignSummary> = [
    { title: '专项名称', dataIndex: 'name', render: (v: string) => <b>{v}</b> },
    { title: '整治期间', key: 'period', width: 210, render: (_: unknown, r) => `${r.startsOn} 至 ${r.endsOn}` },
    {
      title: '状态',
      key: 'phase',
      width: 90,
      render: (_: unknown, r) => {
        const p = phase(r);
        return <Tag color={p.color}>{p.label}</Tag>;
      },
    },
    { title: '对象总数', dataIndex: 'total', width: 100, align: 'right', render: (v: number) => num(v) },
    { title: '已完成', dataIndex: 'done', width: 100, align: 'right', render: (v: number) => num(v) },
    {
      title: '完成进度',
      key: 'progress',
      width: 320,
      render: (_: unknown, r) => (
        <div data-testid={`campaign-progress-${r.id}`}>
          <Progress
            percent={Math.round(r.progress * 1000) / 10}
            format={() => `${num(r.done)}/${num(r.total)} = ${pct(r.progress)}`}
            status={r.progress >= 1 ? 'success' : 'active'}
            size="small"
          />
        </div>
      ),
    },
  ];

  return (
    <div className="page" data-testid="campaigns-page">
      <Space align="baseline" style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <div>
          <h2 style={{ margin: 0 }}>专项整治</h2>
          <span className="muted">废弃杆线、地块清零等专项:目标清单导入或现场上报 → 交办责任单位 → 整治 → 验收销号,按镇街和周进度跟踪</span>
        </div>
        {mayEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new">
            新建专项
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows ?? []}
          loading={rows === null}
          pagination={false}
          locale={{ emptyText: '暂无专项整治' }}
          onRow={(r) => ({ onClick: () => navigate(`/campaigns/${r.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
      <CampaignForm open={creating} onClose={() => setCreating(false)} onSaved={(c) => navigate(`/campaigns/${c.id}`)} />
    </div>
  );
}
