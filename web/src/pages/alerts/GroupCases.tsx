import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, buildQuery, isAbort } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { StatusTag } from '../../components/tags';

type Detail = ApiBody<'/api/alerts/{id}'>;
type Members = ApiBody<'/api/alerts/{id}/cases'>;

const PAGE = 20;

/**
 * The cases an import group lists (导入批次汇总预警): the import it stands for, and its cases a page at a time,
 * each with its place, its status now and what the rule found on it; a case number opens the case.
 */
export default function GroupCases({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Members | null>(null);
  const [error, setError] = useState<string | null>(null);
  const group = d.group!;

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api<Members>(`/api/alerts/${d.id}/cases${buildQuery({ limit: PAGE, offset: (page - 1) * PAGE })}`, { signal: ac.signal }).then(
      setData,
      (e) => !isAbort(e) && setError(errorMessage(e, t)),
    );
    return () => ac.abort();
  }, [d.id, page, t]);

  return (
    <Card id="group-cases" title={`导入批次涉及的案件(${group.caseCount.toLocaleString('zh-CN')} 件)`} size="small" style={{ marginTop: 12 }} data-testid="alert-group-cases">
      <Typography.Paragraph type="secondary">
        这些案件来自存量普查导入,导入后在本系统尚无人办理即触发本规则,归为一条预警,免得逐件预警淹没针对办案人员行为的预警。核查时可逐件打开案件;
        其后有人办理、又出现问题的案件会单独预警。
      </Typography.Paragraph>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label="导入文件">{group.filename}</Descriptions.Item>
        <Descriptions.Item label="导入时间">{fmtDateTime(group.importedAt)}</Descriptions.Item>
        <Descriptions.Item label="案件数">{group.caseCount.toLocaleString('zh-CN')} 件</Descriptions.Item>
      </Descriptions>
      {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
      <Table<Members['items'][number]>
        rowKey="caseId"
        size="small"
        data-testid="alert-group-table"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          {
            title: t('col.caseNo'),
            dataIndex: 'caseNo',
            width: 150,
            render: (v: string, m) => (
              <Link to={`/cases/${m.caseId}`} className="mono" data-testid="alert-group-case-link">
                {v}
              </Link>
            ),
          },
          { title: t('alerts.place'), key: 'place', width: 200, render: (_, m) => m.addressText || m.placeName },
          { title: '当前状态', dataIndex: 'status', width: 110, render: (v) => <StatusTag status={v} /> },
          { title: '发现情况', dataIndex: 'summary' },
          { title: '发现时间', dataIndex: 'foundAt', width: 150, render: (v: string) => fmtDateTime(v) },
        ]}
      />
    </Card>
  );
}
