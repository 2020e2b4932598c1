import { useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, TreeSelect } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { useDivisions } from '../../lib/useDivisions';
import { ROLE_LABELS, ROLES } from '../../../../shared/enums';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../../../shared/audit-vocabulary';

type People = ApiBody<'/api/audit/people'>['items'];

/** The filter keys kept in the URL (the same names as the API's query). */
export const FILTER_KEYS = ['actor', 'role', 'action', 'entity', 'town', 'caseNo', 'from', 'to', 'entityId'] as const;
export type AuditFilter = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** Person, role, action, object type, town or village, case number, China days; the export of what they select. */
export function AuditFilters({ f, onChange }: { f: AuditFilter; onChange: (patch: AuditFilter) => void }) {
  const { t } = useTranslation();
  const { items: divisions } = useDivisions();
  const [people, setPeople] = useState<People | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    api<ApiBody<'/api/audit/people'>>('/api/audit/people', { signal: ac.signal }).then(
      (p) => setPeople(p.items),
      () => setPeople([]),
    );
    return () => ac.abort();
  }, []);
  const tree = useMemo(() => {
    const villages = new Map<string, { value: string; title: string }[]>();
    for (const d of divisions ?? []) {
      if (d.level !== 'village' || !d.parentCode) continue;
      villages.set(d.parentCode, [...(villages.get(d.parentCode) ?? []), { value: d.code, title: d.shortName || d.name }]);
    }
    return (divisions ?? []).filter((d) => d.level === 'town').map((d) => ({ value: d.code, title: d.name, children: villages.get(d.code) ?? [] }));
  }, [divisions]);
  const active = FILTER_KEYS.some((k) => f[k]);
  const exportHref = `/api/audit/export.xlsx${buildQuery(Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]])))}`;

  return (
    <Space wrap size={8} style={{ marginBottom: 10 }} data-testid="audit-filters">
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('audit.person')}
        aria-label={t('audit.person')}
        data-testid="audit-filter-person"
        style={{ width: 200 }}
        loading={!people}
        value={f.actor}
        onChange={(v?: string) => onChange({ actor: v })}
        options={(people ?? []).map((p) => ({ value: p.id, label: `${p.displayName}(${p.username})· ${ROLE_LABELS[p.role as keyof typeof ROLE_LABELS] ?? p.role}` }))}
      />
      <Select
        allowClear
        placeholder={t('audit.role')}
        aria-label={t('audit.role')}
        style={{ width: 130 }}
        value={f.role}
        onChange={(v?: string) => onChange({ role: v })}
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('audit.action')}
        aria-label={t('audit.action')}
        style={{ width: 170 }}
        value={f.action}
        onChange={(v?: string) => onChange({ action: v })}
        options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <Select
        allowClear
        placeholder={t('audit.entity')}
        aria-label={t('audit.entity')}
        style={{ width: 120 }}
        value={f.entity}
        onChange={(v?: string) => onChange({ entity: v })}
        options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <TreeSelect
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('audit.town')}
        aria-label={t('audit.town')}
        style={{ width: 170 }}
        popupMatchSelectWidth={240}
        value={f.town}
        onChange={(v?: string) => onChange({ town: v })}
        treeData={tree}
        loading={!divisions}
      />
      <span data-testid="audit-filter-days">
        <DatePicker.RangePicker
          style={{ width: 240 }}
          value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
          allowEmpty={[true, true]}
          placeholder={[t('audit.fromDay'), t('audit.toDay')]}
          onChange={(v) => onChange({ from: v?.[0] ? v[0].format('YYYY-MM-DD') : undefined, to: v?.[1] ? v[1].format('YYYY-MM-DD') : undefined })}
        />
      </span>
      <Input.Search
        allowClear
        key={`case-${f.caseNo ?? ''}`}
        placeholder={t('audit.caseNo')}
        aria-label={t('audit.caseNo')}
        style={{ width: 190 }}
        defaultValue={f.caseNo}
        onSearch={(v) => onChange({ caseNo: v.trim() || undefined })}
      />
      <Input.Search
        allowClear
        key={`id-${f.entityId ?? ''}`}
        placeholder={t('audit.entityId')}
        aria-label={t('audit.entityId')}
        style={{ width: 200 }}
        defaultValue={f.entityId}
        onSearch={(v) => onChange({ entityId: v.trim() || undefined })}
      />
      <Button disabled={!active} onClick={() => onChange(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))}>
        {t('audit.clear')}
      </Button>
      <Button icon={<DownloadOutlined />} href={exportHref} data-testid="audit-export">
        {t('audit.export')}
      </Button>
    </Space>
  );
}
