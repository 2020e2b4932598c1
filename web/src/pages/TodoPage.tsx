import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Button, Card, Col, Empty, List, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { BellOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getNotifications, getTodo, markNotificationsRead } from '../api/endpoints';
import { isAbort } from '../api/client';
import type { AppNotification, TodoItem, TodoList } from '../api/types';
import { StatusTag } from '../components/tags';
import { ErrorResult } from '../components/ErrorResult';
import { fmtDate, fmtDateTime } from '../lib/format';

const KIND_COLORS: Record<TodoItem['kind'], string | undefined> = {
  verify: 'blue',
  classify: 'geekblue',
  rectify: 'cyan',
  photo: 'green',
  review: 'purple',
  notice: 'red',
  task: 'orange',
  duplicate: 'magenta',
  assigned: undefined,
  patch_verify: 'volcano',
  patch_review: 'gold',
};

/** 待办: what waits on the signed-in user, overdue first, and their notifications. */
export default function TodoPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? 'all';
  const [data, setData] = useState<TodoList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notes, setNotes] = useState<{ unread: number; items: AppNotification[] } | null>(null);

  const loadNotes = useCallback(() => {
    getNotifications().then(setNotes, () => setNotes(null));
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    getTodo(ac.signal).then(setData, (e) => !isAbort(e) && setError(e));
    loadNotes();
    return () => ac.abort();
  }, [loadNotes]);

  const items = useMemo(() => (data ? (kind === 'all' ? data.items : data.items.filter((i) => i.kind === kind)) : []), [data, kind]);
  if (error) return <ErrorResult error={error} onRetry={() => window.location.reload()} />;

  const kinds = data ? (Object.keys(data.counts) as TodoItem['kind'][]) : [];
  return (
    <div className="page" data-testid="todo-page">
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={
              <Space>
                {t('todo.title')}
                {data ? <Tag>{t('todo.total', { count: data.total })}</Tag> : null}
                {data && data.overdue ? (
                  <Tag color="red" icon={<WarningOutlined />}>
                    {t('todo.overdueCount', { count: data.overdue })}
                  </Tag>
                ) : null}
              </Space>
            }
            extra={
              kinds.length > 1 ? (
                <Segmented
                  size="small"
                  value={kind}
                  onChange={(v) => setParams(v === 'all' ? {} : { kind: String(v) })}
                  options={[{ value: 'all', label: t('todo.all') }, ...kinds.map((k) => ({ value: k, label: `${t(`todo.kind.${k}`)} ${data!.counts[k]}` }))]}
                />
              ) : null
            }
          >
            <Table<TodoItem>
              size="small"
              loading={!data}
              rowKey={(r) => `${r.kind}:${r.caseId}:${r.refId ?? ''}`}
              dataSource={items}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              locale={{ emptyText: <Empty description={t('todo.empty')} /> }}
              onRow={(r) => ({ onClick: () => navigate(r.href ?? `/cases/${r.caseId}`), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('todo.col.kind'), dataIndex: 'kind', width: 110, render: (k: TodoItem['kind']) => <Tag color={KIND_COLORS[k]}>{t(`todo.kind.${k}`)}</Tag> },
                {
                  title: t('todo.col.case'),
                  dataIndex: 'caseNo',
                  width: 150,
                  render: (v: string, r) => (
                    <Link to={r.href ?? `/cases/${r.caseId}`} onClick={(e) => e.stopPropagation()}>
                      {v}
                    </Link>
                  ),
                },
                { title: t('todo.col.status'), dataIndex: 'caseStatus', width: 90, render: (s: TodoItem['caseStatus']) => (s ? <StatusTag status={s} /> : '—') },
                { title: t('todo.col.place'), key: 'place', render: (_: unknown, r) => `${r.townName} · ${r.divisionName}` },
                { title: t('todo.col.what'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
                {
                  title: t('todo.col.deadline'),
                  dataIndex: 'deadline',
                  width: 140,
                  render: (d: string | null, r) =>
                    d ? (
                      <Space size={4}>
                        {fmtDate(d)}
                        {r.overdue ? <Tag color="red">{t('todo.overdue')}</Tag> : null}
                      </Space>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            size="small"
            title={
              <Space>
                <BellOutlined />
                {t('todo.notifications')}
                <Badge count={notes?.unread ?? 0} />
              </Space>
            }
            extra={
              notes?.unread ? (
                <Button size="small" onClick={() => markNotificationsRead('all').then(loadNotes)}>
                  {t('todo.markAllRead')}
                </Button>
              ) : null
            }
          >
            <List
              size="small"
              dataSource={notes?.items ?? []}
              locale={{ emptyText: t('todo.noNotifications') }}
              renderItem={(n) => (
                <List.Item
                  data-testid="notification"
                  style={{ cursor: n.caseId ? 'pointer' : undefined, opacity: n.read ? 0.6 : 1 }}
                  onClick={() => {
                    if (!n.read) void markNotificationsRead([n.id]).then(loadNotes);
                    if (n.caseId) navigate(`/cases/${n.caseId}`);
                  }}
                >
                  <List.Item.Meta
                    title={
                      <Space size={6}>
                        {!n.read ? <Badge status="processing" /> : null}
                        <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                      </Space>
                    }
                    description={
                      <>
                        {n.body ? <div>{n.body}</div> : null}
                        <span className="muted">{fmtDateTime(n.createdAt)}</span>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
