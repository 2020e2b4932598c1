import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Col, Descriptions, Empty, Progress, Row, Skeleton, Space, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, EditOutlined, FileSearchOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { errorMessage } from '../../lib/errors';
import { GoalsChart, goalsSummary, ProjectionTag } from '../goals/GoalsPanel';
import { getLetter, STATUS_TAG, uploadSigned, type LetterDetail } from './api';
import { LetterForm } from './LetterForm';

type Item = LetterDetail['progress']['items'][number];

/**
 * One town's letter for a year (/letters/:id): its targets against the registry, the responsible people, the
 * signed letter and the town's two goals now. `summary` (/letters/:id/summary): the year-end summary
 * (年终总结), the same figures without the editing, with its PDF.
 */
export default function LetterPage({ summary = false }: { summary?: boolean }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [l, setL] = useState<LetterDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [uploading, setUploading] = useState(false);
  const writer = user.role === 'city_office' && !summary;

  useEffect(() => {
    const ac = new AbortController();
    getLetter(id, ac.signal).then(setL, (e) => !isAbort(e) && setError(errorMessage(e, t)));
    return () => ac.abort();
  }, [id, t]);

  if (error)
    return (
      <div className="page">
        <Alert type="error" showIcon title={error} />
      </div>
    );
  if (!l)
    return (
      <div className="page">
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  const p = l.progress;

  async function upload(file: File) {
    setUploading(true);
    try {
      setL(await uploadSigned(l!.id, file, l!.version));
      message.success(t('letters.uploaded'));
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setUploading(false);
    }
  }

  const columns = [
    { title: t('letters.targets'), dataIndex: 'label', key: 'label', width: 190 },
    { title: t('letters.target'), dataIndex: 'target', key: 'target', width: 120 },
    { title: t('letters.actual'), dataIndex: 'actual', key: 'actual' },
    {
      title: t('letters.rate'),
      key: 'rate',
      width: 180,
      render: (_: unknown, i: Item) =>
        i.rate === null ? (
          <span className="muted">—</span>
        ) : (
          <Progress percent={Math.round(i.rate * 100)} size="small" status={i.status === 'met' ? 'success' : i.status === 'missed' ? 'exception' : 'active'} />
        ),
    },
    { title: t('letters.status'), key: 'status', width: 90, render: (_: unknown, i: Item) => <Tag color={STATUS_TAG[i.status]}>{t(`letters.st.${i.status}`)}</Tag> },
  ];

  return (
    <div className="page" data-testid={summary ? 'letter-summary' : 'letter-page'}>
      <Breadcrumb
        items={[
          { title: <Link to="/letters">{t('letters.title')}</Link> },
          summary ? { title: <Link to={`/letters/${l.id}`}>{`${l.townName} ${l.year}`}</Link> } : { title: `${l.townName} ${l.year}` },
          ...(summary ? [{ title: t('letters.summary') }] : []),
        ]}
        style={{ marginBottom: 8 }}
      />
      <div className="page-head">
        <h1 className="page-title">{summary ? t('letters.summaryTitle', { town: l.townName, year: l.year }) : `${l.townName} · ${l.title}`}</h1>
        <Tag color={STATUS_TAG[p.status]} data-testid="letter-status">
          {t(`letters.st.${p.status}`)}
        </Tag>
        <span className="muted">
          {t('letters.period', { from: p.periodStart, to: p.periodEnd })}({p.final ? t('letters.final') : t('letters.running')})
        </span>
        <Space style={{ marginInlineStart: 'auto' }}>
          {writer && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('letters.edit')}
            </Button>
          )}
          {!summary && (
            <Link to={`/letters/${l.id}/summary`}>
              <Button icon={<FileSearchOutlined />}>{t('letters.summary')}</Button>
            </Link>
          )}
          <Button type="primary" icon={<DownloadOutlined />} href={`/api/letters/${l.id}/summary.pdf?download=true`} data-testid="letter-pdf">
            {t('letters.pdf')}
          </Button>
        </Space>
      </div>
      {p.note && <Alert type="info" showIcon title={p.note} style={{ marginBottom: 12 }} data-testid="letter-note" />}
      <Card size="small" title={t('letters.progress')}>
        <Table<Item> size="small" rowKey="code" columns={columns} dataSource={p.items} pagination={false} data-testid="letter-progress" />
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={12}>
          <Card size="small" title={t('letters.people')} style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={l.people}
              columns={[
                { title: t('letters.personName'), dataIndex: 'name', key: 'name' },
                { title: t('letters.personPost'), dataIndex: 'post', key: 'post' },
                { title: t('letters.personPhone'), dataIndex: 'phone', key: 'phone', render: (v: string | null) => v ?? '—' },
              ]}
            />
            <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('letters.signedOn')}>{l.signedOn ?? '—'}</Descriptions.Item>
              {l.note && <Descriptions.Item label={t('letters.note')}>{l.note}</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t('letters.file')} style={{ height: '100%' }} data-testid="letter-file">
            {l.file ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {l.file.mime.startsWith('image/') ? (
                  <a href={`/api/letters/${l.id}/file`} target="_blank" rel="noreferrer">
                    <img src={`/api/letters/${l.id}/file`} alt={l.file.name} style={{ maxWidth: '100%', maxHeight: 220, border: '1px solid #eee' }} />
                  </a>
                ) : (
                  <a href={`/api/letters/${l.id}/file`} target="_blank" rel="noreferrer">
                    <FileTextOutlined /> {l.file.name}
                  </a>
                )}
                <span className="muted">
                  {l.file.name} · {(l.file.bytes / 1024).toFixed(0)} KB · SHA-256 {l.file.sha256.slice(0, 12)}…
                </span>
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('letters.noFile')} />
            )}
            {writer && (
              <Upload accept="application/pdf,image/jpeg,image/png" showUploadList={false} beforeUpload={(f) => (void upload(f), false)}>
                <Button icon={<UploadOutlined />} loading={uploading} style={{ marginTop: 8 }} data-testid="letter-upload">
                  {l.file ? t('letters.replace') : t('letters.upload')}
                </Button>
              </Upload>
            )}
          </Card>
        </Col>
      </Row>
      {l.goals && (
        <Card size="small" title={t('letters.goalsNow')} style={{ marginTop: 12 }} extra={<ProjectionTag g={l.goals} />} data-testid="letter-goals">
          <div className="muted" style={{ marginBottom: 8 }}>
            {goalsSummary(l.goals, t)}
          </div>
          <GoalsChart g={l.goals} height={200} />
        </Card>
      )}
      <LetterForm
        open={editing}
        letter={l}
        onClose={() => setEditing(false)}
        onSaved={(x) => {
          setL(x);
          setEditing(false);
        }}
      />
    </div>
  );
}
