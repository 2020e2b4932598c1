import { useEffect, useRef, useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, List, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiBody, CaseDetail } from '../../api/types';
import { useUser } from '../../auth/AuthContext';
import { fmtDateTime } from '../../lib/format';
import { paperMissing, type PaperKind } from '../../../../shared/case-file';

type CaseDocument = ApiBody<'/api/cases/{id}/documents'>['items'][number];

/** Enforcement papers of the case (PDF) and the dossier; the office issues new ones. */
export function CaseDocuments({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [docs, setDocs] = useState<CaseDocument[] | null>(null);
  const [kind, setKind] = useState<CaseDocument['kind'] | null>(null);
  const [form] = Form.useForm();
  // the latest load wins: an answer to an earlier load that arrives late (a busy server) must not hide a paper just issued
  const loads = useRef(0);
  const load = () => {
    const n = ++loads.current;
    return api<ApiBody<'/api/cases/{id}/documents'>>(`/api/cases/${c.id}/documents`).then(
      (r) => n === loads.current && setDocs(r.items),
      () => n === loads.current && setDocs([]),
    );
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c.id, c.version]);
  const office = user.role === 'town_officer' || user.role === 'city_office';
  const canOrder = office && c.disposalClass === 'demolish' && ['classified', 'rectifying'].includes(c.status);
  const hasOrder = (docs ?? []).some((d) => d.kind === 'demolition_order');
  // what each paper would print blank, said before the officer asks (the server refuses it the same way)
  const facts = { ownerKind: c.ownerKind, ownerName: c.ownerName, enterpriseName: c.enterpriseName, addressText: c.addressText, areaM2: c.areaM2 };
  const paperButton = (k: PaperKind) => {
    const missing = paperMissing(k, facts);
    return (
      <Space size={4} key={k} data-testid={`paper-${k}`}>
        <Button size="small" disabled={missing.length > 0} onClick={() => (form.resetFields(), setKind(k))}>
          {t(`doc.issue.${k}`)}
        </Button>
        {missing.length ? (
          <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="paper-missing">
            {t('case.file.paperMissing', { fields: missing.map((m) => m.label).join('、') })}
          </Typography.Text>
        ) : null}
      </Space>
    );
  };
  return (
    <div data-testid="case-documents">
      <List
        size="small"
        dataSource={docs ?? []}
        loading={docs === null}
        locale={{ emptyText: t('doc.none') }}
        renderItem={(d) => (
          <List.Item
            actions={[
              <a key="pdf" href={d.pdf} target="_blank" rel="noreferrer">
                PDF
              </a>,
            ]}
          >
            <Space size={6}>
              <Tag>{d.title}</Tag>
              <span className="mono">{d.docNo}</span>
              <span className="muted">{fmtDateTime(d.issuedAt)}</span>
            </Space>
          </List.Item>
        )}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Button size="small" href={`/api/cases/${c.id}/dossier.pdf`} target="_blank">
          {t('doc.dossier')}
        </Button>
        {canOrder ? paperButton('demolition_order') : null}
        {office && hasOrder && !['closed', 'rejected'].includes(c.status) ? paperButton('reminder') : null}
        {office && (docs ?? []).some((d) => d.kind !== 'delivery_receipt') ? paperButton('delivery_receipt') : null}
      </Space>
      <Modal
        open={kind !== null}
        title={kind ? t(`doc.issue.${kind}`) : ''}
        cancelText={t('dup.cancel')}
        okText={t('act.submit')}
        onCancel={() => setKind(null)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await api(`/api/cases/${c.id}/documents`, {
              method: 'POST',
              body: { kind, ...(v.deadline ? { deadline: v.deadline.format('YYYY-MM-DD') } : {}), ...(v.refersTo ? { refersTo: v.refersTo } : {}) },
            });
            setKind(null);
            await load();
            onDone();
          } catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
          }
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {kind === 'demolition_order' || kind === 'reminder' ? (
            <Form.Item
              name="deadline"
              label={t('doc.deadline')}
              rules={kind === 'reminder' ? [{ required: true, message: t('act.required') }] : []}
              extra={kind === 'demolition_order' ? t('doc.deadlineHint') : undefined}
            >
              <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          {kind === 'delivery_receipt' ? (
            <Form.Item name="refersTo" label={t('doc.refersTo')} rules={[{ required: true, message: t('act.required') }]}>
              <Select options={(docs ?? []).filter((d) => d.kind !== 'delivery_receipt').map((d) => ({ value: d.id, label: `${d.title} ${d.docNo}` }))} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
