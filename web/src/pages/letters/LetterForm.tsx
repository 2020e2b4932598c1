import { useEffect, useState } from 'react';
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useDivisions } from '../../lib/useDivisions';
import { createLetter, patchLetter, type LetterDetail } from './api';

interface Values {
  townCode?: string;
  year?: number;
  title?: string;
  signedOn?: string;
  people: { name: string; post: string; phone?: string | null }[];
  stockCount?: number | null;
  stockArea?: number | null;
  farmlandZero: boolean;
  safetyPct?: number | null;
  campaignPct?: number | null;
  note?: string;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
const frac = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 1000);
const orNull = <T,>(v: T | undefined | null): T | null => (v === undefined || v === '' ? null : v);

/** Create a town's letter for a year, or edit one (`letter`): people, targets, signing date, note. The city office only. */
export function LetterForm({ open, letter, onClose, onSaved }: { open: boolean; letter?: LetterDetail; onClose: () => void; onSaved: (l: LetterDetail) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { towns } = useDivisions();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (letter)
      form.setFieldsValue({
        title: letter.title,
        signedOn: letter.signedOn ?? undefined,
        people: letter.people,
        stockCount: letter.targets.stockCount,
        stockArea: letter.targets.stockArea,
        farmlandZero: letter.targets.farmlandZero,
        safetyPct: pct(letter.targets.safetyRate),
        campaignPct: pct(letter.targets.campaignRate),
        note: letter.note ?? undefined,
      });
    else form.setFieldsValue({ year: new Date().getFullYear(), people: [{ name: '', post: '', phone: '' }], farmlandZero: true, safetyPct: 100 });
  }, [open, letter, form]);

  async function save() {
    const v = await form.validateFields();
    const targets = {
      stockCount: orNull(v.stockCount),
      stockArea: orNull(v.stockArea),
      farmlandZero: v.farmlandZero,
      safetyRate: frac(v.safetyPct),
      campaignRate: frac(v.campaignPct),
    };
    const people = (v.people ?? []).map((p) => ({ name: p.name.trim(), post: p.post.trim(), phone: p.phone?.trim() || null }));
    setBusy(true);
    try {
      const saved = letter
        ? await patchLetter(letter.id, { version: letter.version, title: v.title, signedOn: v.signedOn || null, people, targets, note: v.note || null })
        : await createLetter({ townCode: v.townCode!, year: v.year!, title: v.title || undefined, signedOn: v.signedOn || null, people, targets, note: v.note || null });
      message.success(t('letters.saved'));
      onSaved(saved);
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={letter ? `${t('letters.edit')} · ${letter.townName}${letter.year}` : t('letters.create')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('letters.save')}
      cancelText={t('letters.cancel')}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="letter-form">
        {!letter && (
          <Space size={12} style={{ display: 'flex' }}>
            <Form.Item name="townCode" label={t('letters.town')} rules={[{ required: true }]} style={{ width: 220 }}>
              <Select aria-label={t('letters.town')} options={towns.filter((d) => d.inJurisdiction).map((d) => ({ value: d.code, label: d.name }))} />
            </Form.Item>
            <Form.Item name="year" label={t('letters.year')} rules={[{ required: true }]}>
              <InputNumber aria-label={t('letters.year')} min={2000} max={2100} />
            </Form.Item>
          </Space>
        )}
        <Space size={12} style={{ display: 'flex' }}>
          <Form.Item name="title" label={t('letters.titleCol')} style={{ width: 420 }}>
            <Input maxLength={100} placeholder={t('letters.title')} />
          </Form.Item>
          <Form.Item name="signedOn" label={t('letters.signedOn')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
            <Input type="date" aria-label={t('letters.signedOn')} />
          </Form.Item>
        </Space>
        <div className="muted" style={{ marginBottom: 4 }}>
          {t('letters.people')}
        </div>
        <Form.List name="people">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" size={8}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 40 }]}>
                    <Input placeholder={t('letters.personName')} aria-label={t('letters.personName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'post']} rules={[{ required: true, max: 60 }]}>
                    <Input placeholder={t('letters.personPost')} aria-label={t('letters.personPost')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} rules={[{ pattern: /^[\d*\-+ ]{0,20}$/, message: t('letters.personPhone') }]}>
                    <Input placeholder={t('letters.personPhone')} aria-label={t('letters.personPhone')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', post: '', phone: '' })} icon={<PlusOutlined />} size="small" style={{ marginBottom: 12 }}>
                {t('letters.addPerson')}
              </Button>
            </>
          )}
        </Form.List>
        <div className="muted" style={{ marginBottom: 4 }}>
          {t('letters.targets')}
        </div>
        <Space size={12} wrap>
          <Form.Item name="stockCount" label={t('letters.targetStockCount')}>
            <InputNumber min={0} precision={0} aria-label={t('letters.targetStockCount')} />
          </Form.Item>
          <Form.Item name="stockArea" label={t('letters.targetStockArea')}>
            <InputNumber min={0} aria-label={t('letters.targetStockArea')} />
          </Form.Item>
          <Form.Item name="safetyPct" label={t('letters.targetSafety')}>
            <InputNumber min={0} max={100} aria-label={t('letters.targetSafety')} />
          </Form.Item>
          <Form.Item name="campaignPct" label={t('letters.targetCampaign')}>
            <InputNumber min={0} max={100} aria-label={t('letters.targetCampaign')} />
          </Form.Item>
          <Form.Item name="farmlandZero" label={t('letters.targetFarmland')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('letters.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
