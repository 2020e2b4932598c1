import { useState } from 'react';
import { Alert, App as AntApp, Button, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Table, Typography, Upload } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import type { Source } from './ExternalPointsPage';

type Sample = ApiBody<'/api/external/headers', 'post'>;
const FIELDS = ['externalId', 'lon', 'lat', 'address', 'description', 'town', 'foundAt', 'category'] as const;
const REQUIRED = new Set(['externalId', 'lon', 'lat']);

interface Values {
  code: string;
  name: string;
  caseSource: 'provincial' | 'prefecture';
  crs: 'wgs84' | 'gcj02';
  encoding: 'auto' | 'utf-8' | 'gbk';
  matchRadiusM: number;
  mapping: Record<string, string | undefined>;
  exportLayout: { statusColumn: string; closedValue: string; dateColumn: string; noteColumn: string };
}

async function readSample(file: File, encoding: string): Promise<Sample> {
  const fd = new FormData();
  fd.append('encoding', encoding);
  fd.append('file', file, file.name);
  const res = await fetch('/api/external/headers', { method: 'POST', body: fd, credentials: 'same-origin', headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as Sample;
}

/** A source: its name and code, how its coordinates and CSV come, which column is which (from a sample's headers), and the export columns. */
export function SourceForm({ source, onSaved }: { source: Source | null; onSaved: (s: Source) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [sample, setSample] = useState<Sample | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headers = sample?.headers ?? source?.exportLayout.headers ?? Object.values(source?.mapping ?? {});
  const initial: Values = source
    ? {
        code: source.code,
        name: source.name,
        caseSource: source.caseSource,
        crs: source.crs,
        encoding: source.encoding,
        matchRadiusM: source.matchRadiusM,
        mapping: source.mapping,
        exportLayout: source.exportLayout,
      }
    : {
        code: '',
        name: '',
        caseSource: 'provincial',
        crs: 'wgs84',
        encoding: 'auto',
        matchRadiusM: 50,
        mapping: {},
        exportLayout: { statusColumn: '处置状态', closedValue: '已销号', dateColumn: '销号日期', noteColumn: '处置说明' },
      };

  async function pick(f: File) {
    setError(null);
    try {
      const s = await readSample(f, form.getFieldValue('encoding') ?? 'auto');
      setSample(s);
      // the suggestion fills what is not set yet
      const cur = (form.getFieldValue('mapping') ?? {}) as Record<string, string | undefined>;
      const next: Record<string, string | undefined> = {};
      for (const k of FIELDS) next[k] = cur[k] && s.headers.includes(cur[k]!) ? cur[k] : s.suggested[k];
      form.setFieldValue('mapping', next);
    } catch (e) {
      setError(e);
    }
  }

  async function save(v: Values) {
    setBusy(true);
    setError(null);
    const mapping = Object.fromEntries(Object.entries(v.mapping).filter(([, h]) => !!h)) as Record<string, string>;
    const body = { name: v.name, caseSource: v.caseSource, crs: v.crs, encoding: v.encoding, matchRadiusM: v.matchRadiusM, mapping, exportLayout: v.exportLayout };
    try {
      const s = source
        ? await api<Source>(`/api/external/sources/${source.id}`, { method: 'PUT', body: { ...body, version: source.version } })
        : await api<Source>('/api/external/sources', { method: 'POST', body: { ...body, code: v.code } });
      message.success(t('ext.saved'));
      onSaved(s);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const headerOptions = [{ value: '', label: t('ext.form.none') }, ...headers.map((h) => ({ value: h, label: h }))];
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={save} data-testid="ext-source-form" style={{ maxWidth: 1100 }}>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="name" label={t('ext.form.name')} rules={[{ required: true, message: t('ext.form.required') }]}>
            <Input placeholder="浙江省违建治理平台" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="code"
            label={t('ext.form.code')}
            extra={t('ext.form.codeHelp')}
            rules={[{ required: !source, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('ext.form.codeHelp') }]}
          >
            <Input disabled={!!source} placeholder="zj_province" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="caseSource" label={t('ext.form.caseSource')}>
            <Select options={(['provincial', 'prefecture'] as const).map((v) => ({ value: v, label: t(`ext.caseSource.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="crs" label={t('ext.form.crs')}>
            <Select options={(['wgs84', 'gcj02'] as const).map((v) => ({ value: v, label: t(`ext.crs.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="encoding" label={t('ext.form.encoding')}>
            <Select options={(['auto', 'utf-8', 'gbk'] as const).map((v) => ({ value: v, label: t(`ext.encoding.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="matchRadiusM" label={t('ext.form.radius')}>
            <InputNumber min={5} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('ext.form.mapping')}</Divider>
      <Space align="start" style={{ marginBottom: 12 }} wrap>
        <Upload
          accept=".xlsx,.csv,.txt"
          showUploadList={false}
          beforeUpload={(f) => {
            void pick(f);
            return false;
          }}
        >
          <Button icon={<FileSearchOutlined />} data-testid="ext-sample">
            {t('ext.form.sample')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{t('ext.form.sampleHint')}</Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={12}>
        {FIELDS.map((f) => (
          <Col span={6} key={f}>
            <Form.Item name={['mapping', f]} label={t(`ext.field.${f}`)} rules={REQUIRED.has(f) ? [{ required: true, message: t('ext.form.required') }] : []}>
              <Select options={headerOptions} data-testid={`ext-map-${f}`} showSearch />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {sample ? (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          dataSource={sample.sample}
          pagination={false}
          scroll={{ x: true }}
          style={{ marginBottom: 12 }}
          data-testid="ext-sample-rows"
          columns={sample.headers.map((h) => ({ title: h, dataIndex: h, ellipsis: true }))}
        />
      ) : null}
      <Divider titlePlacement="start">{t('ext.form.layout')}</Divider>
      {source?.exportLayout.headers.length ? (
        <Typography.Paragraph type="secondary">{t('ext.form.headers', { cols: source.exportLayout.headers.join('、') })}</Typography.Paragraph>
      ) : null}
      <Row gutter={12}>
        {(['statusColumn', 'closedValue', 'dateColumn', 'noteColumn'] as const).map((k) => (
          <Col span={6} key={k}>
            <Form.Item name={['exportLayout', k]} label={t(`ext.form.${k}`)} rules={[{ required: true, message: t('ext.form.required') }]}>
              <Input />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="ext-save-source">
        {t('ext.form.save')}
      </Button>
    </Form>
  );
}
