import { useEffect, useState } from 'react';
import { App as AntApp, Button, Dropdown, Input, Modal, Progress, Space } from 'antd';
import { DownloadOutlined, DeleteOutlined, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useUser } from '../auth/AuthContext';
import { ApiError, buildQuery, type QueryValue } from '../api/client';

interface SavedFilter {
  name: string;
  search: string;
}
const PAGING = ['page', 'size', 'sort', 'order'];

/** The list's filters as the URL has them, without paging: what a saved filter keeps. */
function filterSearch(search: string): string {
  const p = new URLSearchParams(search);
  for (const k of PAGING) p.delete(k);
  return p.toString();
}

/** Saved filters (常用筛选) of this user on this browser: a name for a deep link of the list. */
export function SavedFilters() {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const key = `wwj.savedFilters.${user.id}`;
  const [items, setItems] = useState<SavedFilter[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]') as SavedFilter[];
    } catch {
      return [];
    }
  });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  useEffect(() => localStorage.setItem(key, JSON.stringify(items)), [items, key]);
  const current = filterSearch(location.search);

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            ...items.map((f, i) => ({
              key: `f${i}`,
              label: (
                <span style={{ display: 'inline-flex', gap: 16, justifyContent: 'space-between', width: '100%' }}>
                  <span>{f.name}</span>
                  <DeleteOutlined
                    aria-label={t('tools.delete')}
                    onClick={(e) => {
                      e.stopPropagation();
                      setItems((xs) => xs.filter((_, j) => j !== i));
                    }}
                  />
                </span>
              ),
              onClick: () => navigate(`/cases${f.search ? `?${f.search}` : ''}`),
            })),
            ...(items.length ? [{ type: 'divider' as const }] : []),
            { key: 'save', label: t('tools.saveCurrent'), disabled: !current, onClick: () => (setName(''), setNaming(true)) },
          ],
        }}
      >
        <Button icon={<StarOutlined />} data-testid="saved-filters">
          {t('tools.saved')}
        </Button>
      </Dropdown>
      <Modal
        open={naming}
        title={t('tools.saveTitle')}
        okText={t('tools.save')}
        okButtonProps={{ disabled: !name.trim() }}
        onCancel={() => setNaming(false)}
        onOk={() => {
          setItems((xs) => [...xs.filter((x) => x.name !== name.trim()), { name: name.trim(), search: current }]);
          setNaming(false);
        }}
        destroyOnHidden
      >
        <Input autoFocus maxLength={30} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tools.namePlaceholder')} aria-label={t('tools.namePlaceholder')} />
      </Modal>
    </>
  );
}

/**
 * Export of the current selection (every filtered case, not only this page) as Excel, GeoJSON, a zipped
 * Shapefile or a GeoPackage (the GIS files in CGCS2000 longitude/latitude, or projected in the county's
 * 3-degree Gauss-Krüger zone), with the progress of the download: large selections take a while.
 */
export function ExportButtons({ query }: { query: Record<string, QueryValue> }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [job, setJob] = useState<{ format: string; count: number | null; bytes: number } | null>(null);

  async function run(format: 'xlsx' | 'geojson' | 'shp.zip' | 'gpkg', crs?: 'gk3') {
    setJob({ format, count: null, bytes: 0 });
    try {
      const res = await fetch(`/api/cases/export.${format}${buildQuery(crs ? { ...query, crs } : query)}`, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new ApiError(res.status, body?.code ?? 'http_error', body?.message ?? res.statusText, body?.details ?? null);
      }
      const count = Number(res.headers.get('x-total-count') ?? 0);
      setJob({ format, count, bytes: 0 });
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setJob({ format, count, bytes });
      }
      const cd = res.headers.get('content-disposition') ?? '';
      const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)?.[1] ?? `cases.${format}`);
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      message.success(t('tools.exported', { count, name }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setJob(null);
    }
  }

  return (
    <Space size={8}>
      <Dropdown
        trigger={['click']}
        disabled={!!job}
        menu={{
          items: [
            { key: 'xlsx', label: t('tools.excel'), onClick: () => void run('xlsx') },
            { key: 'geojson', label: t('tools.geojson'), onClick: () => void run('geojson') },
            { type: 'divider' },
            { key: 'shp', label: t('tools.shp'), onClick: () => void run('shp.zip') },
            { key: 'shp-gk', label: t('tools.shpGk'), onClick: () => void run('shp.zip', 'gk3') },
            { key: 'gpkg', label: t('tools.gpkg'), onClick: () => void run('gpkg') },
            { key: 'gpkg-gk', label: t('tools.gpkgGk'), onClick: () => void run('gpkg', 'gk3') },
          ],
        }}
      >
        <Button icon={<DownloadOutlined />} loading={!!job} data-testid="export">
          {t('tools.export')}
        </Button>
      </Dropdown>
      {job && (
        <span className="muted" data-testid="export-progress" style={{ display: 'inline-flex', alignItems: 'center', gap: 8, fontSize: 12 }}>
          <Progress type="circle" size={18} percent={job.count === null ? 5 : 50} showInfo={false} />
          {job.count === null ? t('tools.preparing') : t('tools.receiving', { count: job.count, mb: (job.bytes / 1048576).toFixed(1) })}
        </span>
      )}
    </Space>
  );
}
