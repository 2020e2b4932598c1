import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';

type Official = ApiBody<'/api/calendar/official'>['items'][number];
type Day = ApiBody<'/api/calendar'>['days'][number];
type Policy = ApiBody<'/api/settings/deadlines'>;

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (day: string) => `星期${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;
/** This year in China (UTC+8). */
const chinaYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/**
 * The admin's 工作日历与期限: the State Council holiday arrangements (import a published year, or set days one
 * by one), and the deadline policy in working days. Every deadline the workflow sets counts on this calendar.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [official, setOfficial] = useState<Official[]>([]);
  const [year, setYear] = useState(chinaYear());
  const [days, setDays] = useState<Day[] | null>(null);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [busy, setBusy] = useState(false);
  const [dayForm] = Form.useForm();
  const [policyForm] = Form.useForm();

  const fail = (e: unknown) => message.error(errorMessage(e, t));
  const loadOfficial = () => api<ApiBody<'/api/calendar/official'>>('/api/calendar/official').then((r) => setOfficial(r.items), fail);
  const loadYear = (y: number) => api<ApiBody<'/api/calendar'>>(`/api/calendar?year=${y}`).then((r) => setDays(r.days), fail);
  useEffect(() => {
    void loadOfficial();
    api<Policy>('/api/settings/deadlines').then((p) => {
      setPolicy(p);
      policyForm.setFieldsValue(p);
    }, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    setDays(null);
    void loadYear(year);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [year]);

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      await Promise.all([loadOfficial(), loadYear(year)]);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const years = [...new Set([chinaYear() - 1, chinaYear(), chinaYear() + 1, ...official.map((o) => o.year)])].sort();
  const kindTag = (k: Day['kind']) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`cal.kinds.${k}`)}</Tag>;

  return (
    <div className="page" data-testid="calendar-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('cal.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('cal.intro')}</Typography.Paragraph>

      <Card title={t('cal.official')} size="small" style={{ marginBottom: 16 }}>
        <Table<Official>
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={official}
          columns={[
            { title: t('cal.year'), dataIndex: 'year', key: 'year', width: 90 },
            { title: t('cal.source'), dataIndex: 'source', key: 'source' },
            { title: t('cal.published'), dataIndex: 'published', key: 'published', width: 120 },
            {
              title: t('cal.state'),
              key: 'state',
              width: 200,
              render: (_: unknown, o: Official) =>
                o.matching === o.days ? (
                  <Tag color="green">{t('cal.imported', { n: o.days })}</Tag>
                ) : o.matching === 0 ? (
                  <Tag color="orange">{t('cal.notImported')}</Tag>
                ) : (
                  <Tag color="gold">{t('cal.partly', { m: o.matching, n: o.days })}</Tag>
                ),
            },
            {
              title: '',
              key: 'act',
              width: 120,
              render: (_: unknown, o: Official) => (
                <Popconfirm
                  title={t('cal.importConfirm', { year: o.year })}
                  onConfirm={() => run(() => api(`/api/calendar/official/${o.year}`, { method: 'POST' }), t('cal.importDone', { year: o.year }))}
                >
                  <Button size="small" type={o.matching === o.days ? 'default' : 'primary'} disabled={busy}>
                    {o.matching === o.days ? t('cal.reimport') : t('cal.import')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>

      <Card
        title={t('cal.yearTitle', { year })}
        size="small"
        style={{ marginBottom: 16 }}
        extra={<Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('cal.yearOption', { year: y }) }))} style={{ width: 120 }} />}
      >
        {days && days.length === 0 && <Alert type="warning" showIcon title={t('cal.emptyYear', { year })} style={{ marginBottom: 12 }} data-testid="calendar-empty" />}
        <Form
          form={dayForm}
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onFinish={(v: { day: Dayjs; kind: Day['kind']; name: string }) =>
            run(async () => {
              await api(`/api/calendar/days/${v.day.format('YYYY-MM-DD')}`, { method: 'PUT', body: { kind: v.kind, name: v.name } });
              dayForm.resetFields(['day', 'name']);
            }, t('cal.daySaved'))
          }
          initialValues={{ kind: 'holiday' }}
        >
          <Form.Item name="day" rules={[{ required: true, message: t('cal.pickDay') }]}>
            <DatePicker placeholder={t('cal.day')} id="cal-day" />
          </Form.Item>
          <Form.Item name="kind">
            <Select style={{ width: 130 }} options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`cal.kinds.${k}`) }))} id="cal-kind" />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: t('cal.nameRequired') }]}>
            <Input placeholder={t('cal.namePlaceholder')} style={{ width: 200 }} id="cal-name" />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={busy}>
            {t('cal.setDay')}
          </Button>
        </Form>
        <Table<Day>
          rowKey="day"
          size="small"
          loading={days === null}
          dataSource={days ?? []}
          pagination={false}
          scroll={{ y: 360 }}
          columns={[
            { title: t('cal.day'), dataIndex: 'day', key: 'day', width: 130 },
            { title: t('cal.weekday'), key: 'wd', width: 100, render: (_: unknown, d: Day) => weekday(d.day) },
            { title: t('cal.kind'), key: 'kind', width: 130, render: (_: unknown, d: Day) => kindTag(d.kind) },
            { title: t('cal.name'), dataIndex: 'name', key: 'name' },
            {
              title: '',
              key: 'act',
              width: 90,
              render: (_: unknown, d: Day) => (
                <Popconfirm title={t('cal.clearConfirm', { day: d.day })} onConfirm={() => run(() => api(`/api/calendar/days/${d.day}`, { method: 'DELETE' }), t('cal.cleared'))}>
                  <Button size="small" type="link" danger>
                    {t('cal.clear')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>

      <Card title={t('cal.deadlines')} size="small">
        <Typography.Paragraph type="secondary">{t('cal.deadlinesIntro')}</Typography.Paragraph>
        {policy && (
          <Form
            form={policyForm}
            layout="horizontal"
            labelCol={{ span: 8 }}
            wrapperCol={{ span: 8 }}
            style={{ maxWidth: 720 }}
            onFinish={(v: Policy) =>
              run(async () => {
                const p = await api<Policy>('/api/settings/deadlines', { method: 'PUT', body: v });
                setPolicy(p);
                policyForm.setFieldsValue(p);
              }, t('cal.policySaved'))
            }
          >
            {(
              [
                ['verifyDays', 365],
                ['classifyDays', 365],
                [['rectifyDays', 'demolish'], 365],
                [['rectifyDays', 'remedy'], 365],
                ['reviewDays', 365],
                ['noticeReplyDays', 60],
              ] as const
            ).map(([name, max]) => (
              <Form.Item
                key={String(name)}
                name={name as never}
                label={t(`cal.policy.${Array.isArray(name) ? name.join('_') : name}`)}
                rules={[{ required: true, message: t('cal.required') }]}
              >
                <InputNumber min={1} max={max} addonAfter={t('cal.workingDays')} style={{ width: 180 }} />
              </Form.Item>
            ))}
            <Form.Item name="escalateAfterNotices" label={t('cal.policy.escalateAfterNotices')} rules={[{ required: true, message: t('cal.required') }]}>
              <InputNumber min={1} max={10} addonAfter={t('cal.notices')} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item wrapperCol={{ offset: 8 }}>
              <Space>
                <Button type="primary" htmlType="submit" disabled={busy}>
                  {t('cal.savePolicy')}
                </Button>
                <Button onClick={() => policyForm.setFieldsValue(policy)}>{t('cal.undo')}</Button>
              </Space>
            </Form.Item>
          </Form>
        )}
      </Card>
    </div>
  );
}
