import { Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../api/types';

export type AuditRecord = ApiBody<'/api/audit'>['items'][number];

/** One record opened: field by field before → after (zh-CN names and labels), then the stored facts. */
export function AuditChanges({ r }: { r: AuditRecord }) {
  const { t } = useTranslation();
  const recordOnly = r.before === null;
  return (
    <div data-testid={`audit-changes-${r.id}`}>
      {r.changes.length > 0 && (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          style={{ maxWidth: 900, marginBottom: 8 }}
          dataSource={r.changes}
          columns={[
            { title: t('audit.field'), dataIndex: 'label', key: 'label', width: 180 },
            ...(recordOnly
              ? [{ title: t('audit.value'), dataIndex: 'after', key: 'after', render: (v: string | null) => v ?? <span className="muted">{t('audit.empty')}</span> }]
              : [
                  { title: t('audit.before'), dataIndex: 'before', key: 'before', render: (v: string | null) => v ?? <span className="muted">{t('audit.empty')}</span> },
                  { title: t('audit.after'), dataIndex: 'after', key: 'after', render: (v: string | null) => v ?? <span className="muted">{t('audit.empty')}</span> },
                ]),
          ]}
        />
      )}
      <Descriptions size="small" column={2} style={{ maxWidth: 900 }}>
        <Descriptions.Item label={t('audit.recordNo')}>{r.id}</Descriptions.Item>
        <Descriptions.Item label={t('audit.entity')}>{r.entityLabel}</Descriptions.Item>
        <Descriptions.Item label={t('audit.hash')} span={2}>
          <Typography.Text className="mono" copyable style={{ fontSize: 12 }}>
            {r.hash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
