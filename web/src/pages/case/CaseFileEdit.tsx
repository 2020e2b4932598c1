import { useState } from 'react';
import { App as AntApp, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { CATEGORIES, LAND_TYPES, OWNER_KINDS, STRUCTURES, USES } from '../../../../shared/enums';
import { fileEditProblems, type FileEdit } from '../../../../shared/case-file';
import { label } from './parts';

/** The fields of the form, as the API names them. */
const TEXT_FIELDS = ['ownerName', 'enterpriseName', 'enterpriseUscc', 'addressGroup', 'addressHouseNo'] as const;
const CHOICE_FIELDS = ['category', 'structure', 'use', 'landType', 'ownerKind'] as const;
const NUMBER_FIELDS = ['areaM2', 'floors'] as const;
/** Arrive masked: the form starts them empty and sends them only when the officer types a new value. */
const PERSONAL_FIELDS = ['ownerIdNumber', 'ownerPhone'] as const;

type Values = Record<string, string | number | null | undefined>;

/** What the officer changed, as the PATCH body wants it (an emptied text clears the field). */
function changedFields(c: CaseDetail, v: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const cur = c as unknown as Record<string, unknown>;
  for (const k of [...TEXT_FIELDS, ...CHOICE_FIELDS]) {
    const now = typeof v[k] === 'string' ? (v[k] as string).trim() || null : (v[k] ?? null);
    if (now !== (cur[k] ?? null)) out[k] = now;
  }
  for (const k of NUMBER_FIELDS) {
    const now = v[k] === undefined || v[k] === '' ? null : (v[k] as number | null);
    if (now !== (cur[k] ?? null)) out[k] = now;
  }
  for (const k of PERSONAL_FIELDS) {
    const typed = typeof v[k] === 'string' ? (v[k] as string).trim() : '';
    if (typed) out[k] = typed;
  }
  return out;
}

/**
 * Completing or correcting the case file (一户一档): the facts and the 当事人. The ID number and phone are
 * never prefilled (the page has only their masks); a new value replaces them. The rules are the server's
 * (shared/case-file.ts), checked here as the officer types; the server checks them again and records every
 * change with its before and after on the timeline and the audit trail.
 */
export function CaseFileEdit({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const ownerKind = Form.useWatch('ownerKind', form);

  const start = () => {
    form.resetFields();
    form.setFieldsValue({
      category: c.category,
      areaM2: c.areaM2,
      floors: c.floors,
      structure: c.structure,
      use: c.use,
      landType: c.landType,
      ownerKind: c.ownerKind,
      ownerName: c.ownerName ?? '',
      enterpriseName: c.enterpriseName ?? '',
      enterpriseUscc: c.enterpriseUscc ?? '',
      addressGroup: c.addressGroup ?? '',
      addressHouseNo: c.addressHouseNo ?? '',
      ownerIdNumber: '',
      ownerPhone: '',
    });
    setOpen(true);
  };

  /** One field's rule from the shared rules, so the message is the server's. */
  const rule = (field: keyof FileEdit) => ({
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const p = fileEditProblems({ [field]: typeof value === 'string' ? value.trim() : value } as FileEdit).find((x) => x.field === field);
      if (p) throw new Error(p.message);
    },
  });

  const submit = async () => {
    const v = await form.validateFields();
    const body = changedFields(c, v);
    if (Object.keys(body).length === 0) {
      setOpen(false);
      return;
    }
    setBusy(true);
    try {
      await api(`/api/cases/${encodeURIComponent(c.id)}`, { method: 'PATCH', body: { version: c.version, ...body } });
      message.success(t('case.file.saved'));
      setOpen(false);
      onDone();
    } catch (e) {
      // the server's own words, beside the field it names
      const problems = (e instanceof ApiError ? (e.details as { problems?: { field: string; message: string }[] } | null)?.problems : undefined) ?? [];
      if (problems.length) form.setFields(problems.map((p) => ({ name: p.field, errors: [p.message] })));
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const options = (ns: string, vals: readonly string[]) => vals.map((v) => ({ value: v, label: label(t, ns, v) }));
  const enterprise = ownerKind === 'enterprise';

  return (
    <>
      <Button size="small" icon={<EditOutlined />} onClick={start} data-testid="edit-case-file">
        {t('case.file.edit')}
      </Button>
      <Modal
        open={open}
        title={t('case.file.title', { caseNo: c.caseNo })}
        width={760}
        okText={t('case.file.save')}
        cancelText={t('dup.cancel')}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" data-testid="case-file-form" requiredMark={false}>
          <Typography.Title level={5}>{t('case.basic')}</Typography.Title>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="category" label={t('case.category')}>
                <Select options={options('category', CATEGORIES)} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="areaM2" label={`${t('case.area')}(m²)`} rules={[rule('areaM2')]}>
                <InputNumber style={{ width: '100%' }} step={0.1} data-testid="field-areaM2" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="floors" label={t('case.floors')} rules={[rule('floors')]}>
                <InputNumber style={{ width: '100%' }} precision={0} data-testid="field-floors" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="structure" label={t('case.structure')}>
                <Select allowClear options={options('structure', STRUCTURES)} data-testid="field-structure" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="use" label={t('case.use')}>
                <Select allowClear options={options('use', USES)} data-testid="field-use" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="landType" label={t('case.landType')}>
                <Select allowClear options={options('landType', LAND_TYPES)} data-testid="field-landType" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="addressGroup" label={t('case.addressGroup')} extra={t('case.file.addressHint')}>
                <Input maxLength={20} data-testid="field-addressGroup" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="addressHouseNo" label={t('case.addressHouseNo')}>
                <Input maxLength={20} data-testid="field-addressHouseNo" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('case.party')}</Typography.Title>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="ownerKind" label={t('case.ownerKind')}>
                <Select allowClear options={options('ownerKind', OWNER_KINDS)} data-testid="field-ownerKind" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="ownerName" label={enterprise ? t('case.file.legalRep') : t('case.ownerName')} rules={[rule('ownerName')]}>
                <Input maxLength={100} data-testid="field-ownerName" />
              </Form.Item>
            </Col>
            {enterprise || c.enterpriseName || c.enterpriseUscc ? (
              <>
                <Col span={12}>
                  <Form.Item
                    name="enterpriseName"
                    label={t('case.enterpriseName')}
                    rules={enterprise ? [{ required: true, whitespace: true, message: t('case.file.enterpriseRequired') }] : []}
                  >
                    <Input maxLength={200} data-testid="field-enterpriseName" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="enterpriseUscc" label={t('case.enterpriseUscc')} rules={[rule('enterpriseUscc')]}>
                    <Input maxLength={18} className="mono" data-testid="field-enterpriseUscc" />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            <Col span={12}>
              <Form.Item
                name="ownerIdNumber"
                label={t('case.ownerIdNumber')}
                rules={[rule('ownerIdNumber')]}
                extra={c.ownerIdNumber ? t('case.file.maskedKept', { masked: c.ownerIdNumber }) : t('case.file.idHint')}
              >
                <Input maxLength={18} className="mono" autoComplete="off" placeholder={t('case.file.idPlaceholder')} data-testid="field-ownerIdNumber" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="ownerPhone"
                label={t('case.ownerPhone')}
                rules={[rule('ownerPhone')]}
                extra={c.ownerPhone ? t('case.file.maskedKept', { masked: c.ownerPhone }) : t('case.file.phoneHint')}
              >
                <Input maxLength={20} className="mono" autoComplete="off" placeholder={t('case.file.phonePlaceholder')} data-testid="field-ownerPhone" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
