import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useDivisions } from '../../lib/useDivisions';
import { getBoundaries, type DivisionProps } from '../../api/endpoints';
import type { GeoJSONFeatureCollection } from '../../api/types';
import { createCampaign, patchCampaign, scopeRing, type CampaignDetail } from './api';

const CityMap = lazy(() => import('../../map/CityMap'));

const UNIT_SUGGESTIONS = ['供电公司', '电信公司', '移动公司', '联通公司', '广电网络', '自然资源和规划局', '综合行政执法局', '住房和城乡建设局'];

interface Values {
  name: string;
  period: [Dayjs, Dayjs];
  scopeDivisions?: string[];
  units?: string[];
  description?: string;
}

/** 新建 / 编辑专项整治: name, period, towns covered and a drawn area within them, the units its items may be given to, description. */
export default function CampaignForm({
  open,
  campaign,
  onClose,
  onSaved,
}: {
  open: boolean;
  campaign?: CampaignDetail | null;
  onClose: () => void;
  onSaved: (c: CampaignDetail) => void;
}) {
  const { t } = useTranslation();
  const { towns } = useDivisions();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the drawn area (a ring in WGS84): the campaign's scope within its towns, e.g. the plots around 六店大桥
  const [area, setArea] = useState<[number, number][] | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [boundaries, setBoundaries] = useState<GeoJSONFeatureCollection<DivisionProps> | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setDrawing(false);
    setArea(campaign ? scopeRing(campaign.scopeArea) : null);
    form.resetFields();
    if (campaign)
      form.setFieldsValue({
        name: campaign.name,
        period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)],
        scopeDivisions: campaign.scopeDivisions.map((d) => d.code),
        units: campaign.units,
        description: campaign.description ?? undefined,
      });
  }, [open, campaign, form]);
  useEffect(() => {
    if (open && !boundaries) getBoundaries().then(setBoundaries, () => setBoundaries(null));
  }, [open, boundaries]);

  async function save() {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      startsOn: v.period[0].format('YYYY-MM-DD'),
      endsOn: v.period[1].format('YYYY-MM-DD'),
      scopeDivisions: v.scopeDivisions ?? [],
      units: v.units ?? [],
      description: v.description?.trim() || null,
      scopeArea: area ? { type: 'Polygon', coordinates: [[...area, area[0]]] } : null,
    };
    setSaving(true);
    setError(null);
    try {
      onSaved(campaign ? await patchCampaign(campaign.id, { ...body, version: campaign.version }) : await createCampaign(body));
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={campaign ? '编辑专项整治' : '新建专项整治'}
      okText="保存"
      cancelText="取消"
      onOk={save}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'campaign-save' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="name" label="专项名称" rules={[{ required: true, whitespace: true, message: '请填写专项名称' }]}>
          <Input maxLength={100} placeholder="如:农村废弃杆线整治" aria-label="专项名称" />
        </Form.Item>
        <Form.Item name="period" label="整治期间" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} aria-label="整治期间" />
        </Form.Item>
        <Form.Item name="scopeDivisions" label="范围(镇街)" extra="不选则为全市">
          <Select
            mode="multiple"
            allowClear
            placeholder="全市"
            aria-label="范围"
            options={towns.map((d) => ({ value: d.code, label: d.shortName ?? d.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item
          label="范围(绘制区域)"
          extra={area ? `已绘制 ${area.length} 个顶点的区域:只有区域内的对象属于本专项` : '可选:在地图上逐点单击绘制,双击结束;不绘制则为所选镇街全域'}
        >
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" type={drawing ? 'primary' : 'default'} onClick={() => setDrawing((d) => !d)} data-testid="campaign-area-draw">
              {drawing ? '绘制中…(双击结束)' : area ? '重新绘制' : '在地图上绘制'}
            </Button>
            <Button size="small" disabled={!area} onClick={() => (setArea(null), setDrawing(false))} data-testid="campaign-area-clear">
              清除区域
            </Button>
          </Space>
          <div style={{ position: 'relative', height: 260 }} data-testid="campaign-area-map">
            <Suspense fallback={null}>
              <CityMap
                boundaries={boundaries}
                cases={[]}
                tileUrl={null}
                selectedId={null}
                onSelect={() => undefined}
                drawing={drawing}
                onDrawn={(ring) => {
                  setArea(ring.slice(0, -1));
                  setDrawing(false);
                }}
                polygon={area}
              />
            </Suspense>
          </div>
        </Form.Item>
        <Form.Item name="units" label="责任单位" extra="可输入新的单位后回车">
          <Select mode="tags" allowClear placeholder="如:供电公司、电信公司" aria-label="责任单位" options={UNIT_SUGGESTIONS.map((u) => ({ value: u, label: u }))} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
