import { useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType, type TableProps } from 'antd';
import { CameraOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ExportButtons, SavedFilters } from './CaseListTools';
import { listCases } from '../api/endpoints';
import { buildQuery, isAbort } from '../api/client';
import { DISPOSAL_CLASSES, ORIGINS, SOURCES, type CaseSummary, type Division } from '../api/types';
import { DisposalTag, OriginTag, StatusDot, StatusTag } from '../components/tags';
import { ErrorResult } from '../components/ErrorResult';
import { errorMessage } from '../lib/errors';
import { fmtArea, fmtDateTime } from '../lib/format';
import { STATUS_ORDER } from '../lib/status';
import { useSearchState } from '../lib/useSearchState';
import { caseListParams, caseListQuery, PAGE_SIZES, type SortKey } from '../lib/caseListQuery';
import { useDivisions } from '../lib/useDivisions';
import { useCaseBulk } from './CaseBulkBar';

/** The table's width before it scrolls sideways: fits the content area of a 1280 px window (about 1,100 px). */
const LIST_MIN_WIDTH = 1090;

interface TreeNode {
  value: string;
  title: string;
  children?: TreeNode[];
}

function divisionTree(items: Division[]): TreeNode[] {
  const villagesByTown = new Map<string, TreeNode[]>();
  for (const d of items) {
    if (d.level !== 'village' || !d.inJurisdiction || !d.parentCode) continue;
    const list = villagesByTown.get(d.parentCode) ?? [];
    list.push({ value: d.code, title: d.shortName || d.name });
    villagesByTown.set(d.parentCode, list);
  }
  return items.filter((d) => d.level === 'town' && d.inJurisdiction).map((d) => ({ value: d.code, title: d.name, children: villagesByTown.get(d.code) ?? [] }));
}

export default function CaseListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const s = useSearchState();
  const { items: divisions } = useDivisions();

  const params = useMemo(() => caseListParams(s.params), [s.params]);
  const { q, status, origin, disposal, source, division, from, to, polygon, importId, overdue, page, size, sortKey, order } = params;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const [data, setData] = useState<{ items: CaseSummary[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const bulk = useCaseBulk(data?.items ?? [], () => setReload((x) => x + 1));

  // the same URL as long as the filters are the same (a new params object alone does not reload)
  const queryUrl = buildQuery(caseListQuery(params));
  const query = useMemo(() => caseListQuery(params), [queryUrl]);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    listCases(query, ac.signal)
      .then((r) => {
        setData(r);
        setLoading(false);
      })
      .catch((e) => {
        if (isAbort(e)) return;
        setError(e);
        setLoading(false);
      });
    return () => ac.abort();
  }, [query, reload]);

  const tree = useMemo(() => divisionTree(divisions ?? []), [divisions]);
  const filtersActive = !!(q || status.length || origin || disposal.length || source.length || division || from || to || polygon || importId || overdue);

  /** Any filter change goes back to page 1. */
  const setFilter = (patch: Record<string, string | readonly string[] | null | undefined>) => s.update({ ...patch, page: null });

  const sortOrderOf = (k: SortKey) => (sortKey === k ? (order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('col.caseNo'),
      dataIndex: 'caseNo',
      key: 'caseNo',
      width: 136,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf('caseNo'),
      render: (v: string, r) => (
        <Link to={`/cases/${r.id}`} onClick={(e) => e.stopPropagation()} className="mono" style={{ fontSize: 13 }}>
          {v}
        </Link>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'status',
      key: 'status',
      width: 104,
      sorter: true,
      sortOrder: sortOrderOf('status'),
      render: (v: CaseSummary['status']) => <StatusTag status={v} />,
    },
    { title: t('col.origin'), dataIndex: 'origin', key: 'origin', width: 72, render: (v: CaseSummary['origin']) => <OriginTag value={v} /> },
    {
      title: t('col.disposalClass'),
      dataIndex: 'disposalClass',
      key: 'disposalClass',
      width: 100,
      render: (v: CaseSummary['disposalClass']) => <DisposalTag value={v} />,
    },
    { title: t('col.source'), dataIndex: 'source', key: 'source', width: 84, ellipsis: { showTitle: true }, render: (v: string) => t(`source.${v}`) },
    { title: t('col.town'), dataIndex: 'townName', key: 'townName', width: 84, ellipsis: { showTitle: true } },
    { title: t('col.village'), dataIndex: 'divisionName', key: 'divisionName', width: 96, ellipsis: { showTitle: true } },
    { title: t('col.address'), dataIndex: 'addressText', key: 'addressText', ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    {
      title: t('col.area'),
      dataIndex: 'areaM2',
      key: 'areaM2',
      width: 96,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf('areaM2'),
      render: (v: number | null) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtArea(v)}</span>,
    },
    {
      title: t('col.foundAt'),
      dataIndex: 'foundAt',
      key: 'foundAt',
      width: 136,
      sorter: true,
      sortOrder: sortOrderOf('foundAt'),
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtDateTime(v)}</span>,
    },
    {
      title: t('col.photoCount'),
      dataIndex: 'photoCount',
      key: 'photoCount',
      width: 64,
      align: 'center',
      render: (v: number) =>
        v ? (
          <span>
            <CameraOutlined style={{ color: '#8c8c8c', marginInlineEnd: 4 }} />
            {v}
          </span>
        ) : (
          <span className="muted">0</span>
        ),
    },
  ];

  const onTableChange: TableProps<CaseSummary>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const so = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = (so?.order ? so.columnKey : undefined) as SortKey | undefined;
      s.update({
        sort: key && key !== 'foundAt' ? key : key === 'foundAt' ? 'foundAt' : null,
        order: so?.order === 'ascend' ? 'asc' : so?.order === 'descend' ? 'desc' : null,
        page: null,
      });
      return;
    }
    s.update({ page: pagination.current && pagination.current > 1 ? pagination.current : null, size: pagination.pageSize === 50 ? null : pagination.pageSize });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('list.title')}</h1>
        {data && (
          <Typography.Text type="secondary" data-testid="case-total">
            {t('list.total', { total: data.total.toLocaleString() })}
          </Typography.Text>
        )}
      </div>
      <div className="panel filter-bar">
        <Form layout="inline" size="middle">
          <Form.Item>
            <Input.Search
              allowClear
              placeholder={t('list.searchPlaceholder')}
              style={{ width: 260 }}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value) setFilter({ q: null });
              }}
              onSearch={(v) => setFilter({ q: v.trim() || null })}
            />
          </Form.Item>
          <Form.Item label={t('list.status')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('app.all')}
              style={{ width: 220 }}
              value={status}
              onChange={(v) => setFilter({ status: v })}
              options={STATUS_ORDER.map((st) => ({
                value: st,
                label: (
                  <Space size={6}>
                    <StatusDot status={st} size={9} />
                    {t(`status.${st}`)}
                  </Space>
                ),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('list.origin')}>
            <Select
              allowClear
              placeholder={t('app.all')}
              style={{ width: 96 }}
              value={origin}
              onChange={(v) => setFilter({ origin: v })}
              options={ORIGINS.map((o) => ({ value: o, label: t(`origin.${o}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('list.disposalClass')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('app.all')}
              style={{ width: 170 }}
              value={disposal}
              onChange={(v) => setFilter({ class: v })}
              options={DISPOSAL_CLASSES.map((o) => ({ value: o, label: t(`disposalClass.${o}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('list.source')}>
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('app.all')}
              style={{ width: 190 }}
              value={source}
              onChange={(v) => setFilter({ source: v })}
              options={SOURCES.map((o) => ({ value: o, label: t(`source.${o}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('list.division')}>
            <TreeSelect
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              placeholder={t('app.all')}
              style={{ width: 200 }}
              value={division}
              onChange={(v: string | undefined) => setFilter({ division: v })}
              treeData={tree}
              popupMatchSelectWidth={260}
              treeDefaultExpandedKeys={tree.length === 1 ? [tree[0].value] : []}
              loading={!divisions}
            />
          </Form.Item>
          <Form.Item label={t('list.foundRange')}>
            <DatePicker.RangePicker
              style={{ width: 250 }}
              value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
              allowEmpty={[true, true]}
              placeholder={[t('list.startDate'), t('list.endDate')]}
              onChange={(v) => setFilter({ from: v?.[0] ? v[0].format('YYYY-MM-DD') : null, to: v?.[1] ? v[1].format('YYYY-MM-DD') : null })}
            />
          </Form.Item>
          <Form.Item>
            <Space size={8}>
              <Button
                disabled={!filtersActive}
                onClick={() =>
                  s.update({
                    q: null,
                    status: null,
                    origin: null,
                    class: null,
                    source: null,
                    division: null,
                    from: null,
                    to: null,
                    polygon: null,
                    importId: null,
                    overdue: null,
                    page: null,
                  })
                }
              >
                {t('app.reset')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={() => setReload((x) => x + 1)} aria-label={t('app.retry')} />
              <SavedFilters />
              <ExportButtons query={{ ...query, sort: undefined, order: undefined, limit: undefined, offset: undefined }} />
              {polygon && (
                <Tag closable onClose={() => setFilter({ polygon: null })} color="blue" data-testid="polygon-tag">
                  {t('tools.polygon')}
                </Tag>
              )}
              {importId && (
                <Tag closable onClose={() => setFilter({ importId: null })} color="purple" data-testid="import-tag">
                  {t('imp.filterTag')}
                </Tag>
              )}
              {overdue && (
                <Tag closable onClose={() => setFilter({ overdue: null })} color="red" data-testid="overdue-tag">
                  {t('tools.overdue')}
                </Tag>
              )}
            </Space>
          </Form.Item>
        </Form>
      </div>
      {error && !data ? (
        <div className="panel">
          <ErrorResult error={error} onRetry={() => setReload((x) => x + 1)} />
        </div>
      ) : (
        <div className="panel">
          {error ? (
            <Typography.Text type="danger" style={{ display: 'block', padding: '8px 12px' }}>
              {errorMessage(error, t)}
            </Typography.Text>
          ) : null}
          {bulk.bar}
          <Table<CaseSummary>
            className="clickable-rows"
            rowSelection={bulk.rowSelection}
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            onChange={onTableChange}
            // the fixed columns add up to about 1,000 px, the address takes the rest (cut with its full text on
            // hover): no sideways scroll from 1280 px windows up; narrower ones scroll, the case number fixed
            scroll={{ x: LIST_MIN_WIDTH }}
            sticky={{ offsetHeader: 0, getContainer: () => (document.querySelector('.app-content') as HTMLElement) ?? window }}
            locale={{ emptyText: t('list.empty') }}
            showSorterTooltip={false}
            onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`) })}
            pagination={{
              current: page,
              pageSize: size,
              total: data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showQuickJumper: true,
              showTotal: (total, range) => t('list.pageTotal', { from: range[0], to: range[1], total: total.toLocaleString() }),
              size: 'small',
              style: { padding: '0 12px' },
            }}
          />
        </div>
      )}
    </div>
  );
}
