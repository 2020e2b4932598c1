import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Input, InputNumber, Modal, Radio, Row, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { ApiBody } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { COLORS, type IndexColor } from '../index/api';
import { ColorTag } from '../index/parts';
import '../index/index.css';
import './IndexDefinitionPage.css';

type Version = ApiBody<'/api/index/definitions/{version}'>;
type Definition = Version['definition'];
type Indicator = Definition['indicators'][number];
type RedLine = Definition['redLines'][number];
type HistoryItem = ApiBody<'/api/index/definitions'>['items'][number];
type Preview = ApiBody<'/api/index/definitions/preview', 'post'>;
type Problem = { path: string; message: string };

const BANDS = ['green', 'blue', 'yellow', 'orange'] as const;
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** 目标值 (100 points) and 底线值 (0 points): the better and the worse goalpost, whichever way the indicator points. */
const targetOf = (i: Indicator) => (i.direction === 'lower' ? i.goalposts.lower : i.goalposts.upper);
const baselineOf = (i: Indicator) => (i.direction === 'lower' ? i.goalposts.upper : i.goalposts.lower);
function withGoalposts(i: Indicator, target: number, baseline: number): Indicator {
  return { ...i, goalposts: i.direction === 'lower' ? { ...i.goalposts, lower: target, upper: baseline } : { ...i.goalposts, lower: baseline, upper: target } };
}

/** The checks the server makes too, said as the form says them, field by field (path as the server's problems). */
function localProblems(d: Definition, t: (k: string, o?: Record<string, unknown>) => string): Problem[] {
  const out: Problem[] = [];
  if (!d.label?.trim()) out.push({ path: 'label', message: t('idef.nameRequired') });
  let sum = 0;
  d.indicators.forEach((ind, i) => {
    if (!ind.name.zh?.trim()) out.push({ path: `indicators[${i}].name`, message: t('idef.nameRequired') });
    if (typeof ind.weight !== 'number' || ind.weight < 0) out.push({ path: `indicators[${i}].weight`, message: t('idef.weightNegative') });
    else sum += ind.weight;
    const target = targetOf(ind);
    const baseline = baselineOf(ind);
    if (typeof target !== 'number' || typeof baseline !== 'number') out.push({ path: `indicators[${i}].goalposts`, message: t('idef.goalpostsMissing') });
    else if (ind.direction === 'higher' && !(target > baseline)) out.push({ path: `indicators[${i}].goalposts`, message: t('idef.goalpostsHigher') });
    else if (ind.direction === 'lower' && !(target < baseline)) out.push({ path: `indicators[${i}].goalposts`, message: t('idef.goalpostsLower') });
  });
  sum = round(sum);
  if (typeof d.weightTotal === 'number' && Math.abs(sum - d.weightTotal) > 1e-6) {
    const diff = round(d.weightTotal - sum);
    out.push({
      path: 'indicators[].weight',
      message: t('idef.weightOff', { sum, total: d.weightTotal, diff: diff > 0 ? t('idef.weightShort', { n: diff }) : t('idef.weightOver', { n: -diff }) }),
    });
  }
  const b = d.grading.bands;
  if (
    ![b.green, b.blue, b.yellow, b.orange].every((x) => typeof x === 'number') ||
    !(b.green <= 100 && b.green > b.blue && b.blue > b.yellow && b.yellow > b.orange && b.orange > 0)
  )
    out.push({ path: 'grading.bands', message: t('idef.bandsOrder') });
  if (d.grading.mode === 'quota') {
    const q = round(COLORS.reduce((s, c) => s + (d.grading.quota[c] ?? 0), 0));
    if (Math.abs(q - 1) > 1e-6) out.push({ path: 'grading.quota', message: t('idef.quotaSum', { sum: q }) });
  }
  return out;
}

/** A problem's message under the field it belongs to. */
function FieldError({ problems, path, exact }: { problems: Problem[]; path: string; exact?: boolean }) {
  const mine = problems.filter((p) => (exact ? p.path === path : p.path === path || p.path.startsWith(`${path}.`)));
  if (!mine.length) return null;
  return (
    <div className="idef-error" data-testid={`problem-${path}`}>
      {mine.map((p) => (
        <Typography.Text type="danger" key={p.path + p.message} style={{ display: 'block', fontSize: 12 }}>
          {p.message}
        </Typography.Text>
      ))}
    </div>
  );
}

/**
 * The admin's 指标体系 (/admin/index): the governance index's dimensions and indicators with their targets,
 * baselines, weights and directions, the red lines and the five-colour grading, as a form; 预览 recomputes the
 * last finished period with the edit and shows which colours move; 保存为新版本 keeps every version.
 */
export default function IndexDefinitionPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [current, setCurrent] = useState<Version | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [draft, setDraft] = useState<Definition | null>(null);
  /** The version the draft was started from (a save over a newer one is refused). */
  const [base, setBase] = useState(0);
  const [viewing, setViewing] = useState<Version | null>(null);
  const [preview, setPreview] = useState<{ of: string; result: Preview } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');
  const [conflict, setConflict] = useState(false);

  const fail = (e: unknown) => message.error(errorMessage(e, t));
  const load = async () => {
    const [cur, hist] = await Promise.all([api<Version>('/api/index/definition'), api<ApiBody<'/api/index/definitions'>>('/api/index/definitions')]);
    setCurrent(cur);
    setHistory(hist.items);
    setDraft(structuredClone(cur.definition));
    setBase(cur.version);
    setViewing(null);
    setPreview(null);
    setPreviewError(null);
    setServerProblems([]);
    setConflict(false);
  };
  useEffect(() => {
    load().catch(fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const top = useRef<HTMLDivElement>(null);
  // an older version opens at the top of the page, where it says which one it is
  useEffect(() => {
    if (viewing) top.current?.scrollIntoView({ block: 'start' });
  }, [viewing]);

  const problems = useMemo(() => (draft ? localProblems(draft, t) : []), [draft, t]);
  // the server's problems for the draft it saw; a local check on the same field speaks for it once the draft moves on
  const shown = problems.length ? problems : serverProblems;
  const dirty = !!draft && !!current && !same(draft, current.definition);
  const draftKey = draft ? JSON.stringify(draft) : '';
  const stale = !!preview && preview.of !== draftKey;

  if (!current || !draft) {
    return (
      <div className="page" data-testid="index-definition-page">
        <Spin />
      </div>
    );
  }
  const shownDef = viewing ? viewing.definition : draft;
  const readOnly = !!viewing;
  const edit = (fn: (d: Definition) => Definition) => {
    if (readOnly) return;
    setDraft((d) => (d ? fn(structuredClone(d)) : d));
    setServerProblems([]);
  };
  const editIndicator = (id: string, fn: (i: Indicator) => Indicator) => edit((d) => ({ ...d, indicators: d.indicators.map((i) => (i.id === id ? fn(i) : i)) }));
  const editRedLine = (id: string, fn: (r: RedLine) => RedLine) => edit((d) => ({ ...d, redLines: d.redLines.map((r) => (r.id === id ? fn(r) : r)) }));
  const refused = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'index.invalid_definition') {
      setServerProblems(((e.details as { problems?: Problem[] } | null)?.problems ?? []) as Problem[]);
      return true;
    }
    if (e instanceof ApiError && e.code === 'index.definition_conflict') {
      setConflict(true);
      return true;
    }
    return false;
  };

  const runPreview = async () => {
    if (problems.length) return;
    setBusy('preview');
    setPreviewError(null);
    try {
      const result = await api<Preview>('/api/index/definitions/preview', { method: 'POST', body: { definition: draft } });
      setPreview({ of: draftKey, result });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'index.preview_no_run') setPreviewError(t('idef.noRun'));
      else if (!refused(e)) fail(e);
    } finally {
      setBusy(null);
    }
  };
  const save = async () => {
    if (!note.trim()) return;
    setBusy('save');
    try {
      const r = await api<ApiBody<'/api/index/definitions', 'post', 201>>('/api/index/definitions', {
        method: 'POST',
        body: { definition: draft, note: note.trim(), baseVersion: base },
      });
      setSaving(false);
      setNote('');
      message.success(t('idef.saved', { version: r.version }));
      await load();
    } catch (e) {
      setSaving(false);
      if (!refused(e)) fail(e);
    } finally {
      setBusy(null);
    }
  };
  const openVersion = async (version: number) => {
    if (version === current.version) return setViewing(null);
    try {
      setViewing(await api<Version>(`/api/index/definitions/${version}`));
    } catch (e) {
      fail(e);
    }
  };

  const num = (
    value: number | null | undefined,
    onChange: (v: number) => void,
    opts: { min?: number; max?: number; step?: number; width?: number; id?: string; status?: boolean } = {},
  ) => (
    <InputNumber
      id={opts.id}
      size="small"
      value={value}
      min={opts.min}
      max={opts.max}
      step={opts.step}
      disabled={readOnly}
      status={opts.status ? 'error' : undefined}
      style={{ width: opts.width ?? 90 }}
      onChange={(v) => (v === null || v === undefined ? undefined : onChange(Number(v)))}
    />
  );
  const idx = (id: string) => shownDef.indicators.findIndex((i) => i.id === id);
  const hasProblem = (path: string) => shown.some((p) => p.path === path || p.path.startsWith(`${path}.`));
  const excludedOf = (id: string) =>
    preview && !stale ? (['town', 'village'] as const).map((l) => preview.result.levels[l].excluded.find((x) => x.id === id)).find(Boolean) : undefined;

  const weightSum = round(shownDef.indicators.reduce((s, i) => s + (typeof i.weight === 'number' ? i.weight : 0), 0));
  const weightOk = Math.abs(weightSum - shownDef.weightTotal) <= 1e-6;

  const indicatorColumns = [
    {
      title: t('idef.indicator'),
      key: 'name',
      render: (_: unknown, ind: Indicator) => {
        const i = idx(ind.id);
        const ex = excludedOf(ind.id);
        return (
          <div>
            <Space size={6} align="start">
              <Tag style={{ marginTop: 2 }}>{ind.id}</Tag>
              <Input
                size="small"
                value={ind.name.zh}
                disabled={readOnly}
                aria-label={`${ind.id} ${t('idef.indicator')}`}
                status={hasProblem(`indicators[${i}].name`) ? 'error' : undefined}
                onChange={(e) => editIndicator(ind.id, (x) => ({ ...x, name: { ...x.name, zh: e.target.value } }))}
                style={{ width: 200 }}
              />
            </Space>
            {ex ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`index.status.${ex.status}`)}
                </Typography.Text>
              </div>
            ) : null}
            <FieldError problems={shown} path={`indicators[${i}]`} />
          </div>
        );
      },
    },
    {
      title: t('idef.level'),
      key: 'level',
      width: 120,
      render: (_: unknown, ind: Indicator) => (
        <Select
          size="small"
          value={ind.level}
          disabled={readOnly}
          style={{ width: 110 }}
          onChange={(v) => editIndicator(ind.id, (x) => ({ ...x, level: v }))}
          options={(['both', 'town', 'village'] as const).map((v) => ({ value: v, label: t(`idef.levels.${v}`) }))}
        />
      ),
    },
    {
      title: t('idef.direction'),
      key: 'direction',
      width: 110,
      render: (_: unknown, ind: Indicator) => (
        <Select
          size="small"
          value={ind.direction}
          disabled={readOnly}
          style={{ width: 100 }}
          // turning the direction keeps the target and baseline where they are: they swap goalposts
          onChange={(v) => editIndicator(ind.id, (x) => withGoalposts({ ...x, direction: v }, targetOf(x), baselineOf(x)))}
          options={(['higher', 'lower'] as const).map((v) => ({ value: v, label: t(`idef.directions.${v}`) }))}
        />
      ),
    },
    {
      title: (
        <span title={t('idef.targetHelp')}>
          {t('idef.target')}
          <div className="muted" style={{ fontWeight: 400, fontSize: 11 }}>
            {t('idef.targetHelp')}
          </div>
        </span>
      ),
      key: 'target',
      width: 110,
      render: (_: unknown, ind: Indicator) =>
        num(targetOf(ind), (v) => editIndicator(ind.id, (x) => withGoalposts(x, v, baselineOf(x))), {
          id: `target-${ind.id}`,
          status: hasProblem(`indicators[${idx(ind.id)}].goalposts`),
        }),
    },
    {
      title: (
        <span>
          {t('idef.baseline')}
          <div className="muted" style={{ fontWeight: 400, fontSize: 11 }}>
            {t('idef.baselineHelp')}
          </div>
        </span>
      ),
      key: 'baseline',
      width: 110,
      render: (_: unknown, ind: Indicator) =>
        num(baselineOf(ind), (v) => editIndicator(ind.id, (x) => withGoalposts(x, targetOf(x), v)), {
          id: `baseline-${ind.id}`,
          status: hasProblem(`indicators[${idx(ind.id)}].goalposts`),
        }),
    },
    { title: t('idef.unit'), dataIndex: 'unit', key: 'unit', width: 100 },
    {
      title: t('idef.weight'),
      key: 'weight',
      width: 90,
      render: (_: unknown, ind: Indicator) =>
        num(ind.weight, (v) => editIndicator(ind.id, (x) => ({ ...x, weight: v })), {
          min: 0,
          max: shownDef.weightTotal,
          width: 70,
          id: `weight-${ind.id}`,
          status: !weightOk || hasProblem(`indicators[${idx(ind.id)}].weight`),
        }),
    },
    {
      title: t('idef.imputation'),
      key: 'imputation',
      width: 130,
      render: (_: unknown, ind: Indicator) => (
        <Select
          size="small"
          value={ind.imputation ?? 'median'}
          disabled={readOnly}
          style={{ width: 120 }}
          onChange={(v) => editIndicator(ind.id, (x) => ({ ...x, imputation: v }))}
          options={(['median', 'best', 'worst', 'exclude'] as const).map((v) => ({ value: v, label: t(`idef.imputations.${v}`) }))}
        />
      ),
    },
  ];

  const colorOptions = COLORS.map((c) => ({ value: c, label: t(`index.color.${c}`) }));
  const previewLevel = (l: 'town' | 'village') => preview!.result.levels[l];

  return (
    <div className="page" data-testid="index-definition-page" ref={top}>
      <div className="page-head">
        <h1 className="page-title">{t('idef.title')}</h1>
        <Tag color="blue">{t('idef.current', { version: current.version })}</Tag>
        <Typography.Text type="secondary">{t('idef.savedBy', { who: current.createdByName ?? t('idef.systemDefault'), at: fmtDateTime(current.createdAt) })}</Typography.Text>
      </div>
      <Typography.Paragraph type="secondary">{t('idef.intro')}</Typography.Paragraph>

      {conflict ? (
        <Alert
          type="error"
          showIcon
          title={t('idef.conflict')}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => load().catch(fail)}>
              {t('idef.reload')}
            </Button>
          }
        />
      ) : null}

      {viewing ? (
        <Alert
          className="idef-sticky"
          type="info"
          showIcon
          data-testid="viewing-version"
          title={t('idef.viewing', { version: viewing.version })}
          description={t('idef.viewingNote', { who: viewing.createdByName ?? t('idef.systemDefault'), at: fmtDateTime(viewing.createdAt), note: viewing.note ?? '' })}
          style={{ marginBottom: 12 }}
          action={
            <Space orientation="vertical" size={4}>
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setDraft(structuredClone(viewing.definition));
                  setBase(current.version);
                  setViewing(null);
                  message.info(t('idef.draftFrom', { version: viewing.version }));
                }}
              >
                {t('idef.useAsDraft')}
              </Button>
              <Button size="small" onClick={() => setViewing(null)}>
                {t('idef.backToCurrent')}
              </Button>
            </Space>
          }
        />
      ) : (
        <div className="idef-actions">
          <Space wrap>
            {dirty ? <Tag color="orange">{t('idef.edited')}</Tag> : null}
            <Typography.Text type={weightOk ? 'secondary' : 'danger'} data-testid="weight-sum">
              {t('idef.weightSum', { sum: weightSum, total: shownDef.weightTotal })}
            </Typography.Text>
          </Space>
          <Space wrap>
            <Button disabled={!dirty} onClick={() => load().catch(fail)}>
              {t('idef.discard')}
            </Button>
            <Button onClick={runPreview} loading={busy === 'preview'} disabled={problems.length > 0}>
              {t('idef.preview')}
            </Button>
            <Button type="primary" disabled={!dirty || problems.length > 0} onClick={() => setSaving(true)}>
              {t('idef.save')}
            </Button>
          </Space>
        </div>
      )}

      {shown.length > 0 && !readOnly ? (
        <Alert
          type="error"
          showIcon
          data-testid="definition-problems"
          style={{ marginBottom: 12 }}
          title={t('idef.problems', { n: shown.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {shown.map((p) => (
                <li key={p.path + p.message}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}

      {previewError && !readOnly ? <Alert type="warning" showIcon title={previewError} style={{ marginBottom: 12 }} /> : null}
      {preview && !readOnly ? (
        <Card
          size="small"
          data-testid="definition-preview"
          style={{ marginBottom: 16 }}
          title={t('idef.previewTitle', { period: preview.result.run.period })}
          extra={
            <Typography.Text type="secondary">
              {t('idef.currentTag')}: {t('idef.versionN', { version: preview.result.currentVersion })}
            </Typography.Text>
          }
        >
          {stale ? <Alert type="warning" showIcon title={t('idef.previewStale')} style={{ marginBottom: 8 }} /> : null}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('idef.previewBasis', { period: preview.result.run.period, version: preview.result.run.definitionVersion })}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} lg={9}>
              <Typography.Text strong>{t('idef.counts')}</Typography.Text>
              <Table
                size="small"
                rowKey="color"
                pagination={false}
                data-testid="preview-counts"
                style={{ marginTop: 6 }}
                dataSource={COLORS.map((c) => ({ color: c }))}
                columns={[
                  { title: t('idef.color'), key: 'c', render: (_: unknown, r: { color: IndexColor }) => <ColorTag color={r.color} /> },
                  ...(['town', 'village'] as const).map((l) => ({
                    title: (
                      <span>
                        {t(l === 'town' ? 'idef.towns' : 'idef.villages')}
                        <div className="muted" style={{ fontWeight: 400, fontSize: 11 }}>
                          {t('idef.moved', { better: previewLevel(l).better, worse: previewLevel(l).worse })}
                        </div>
                      </span>
                    ),
                    key: l,
                    render: (_: unknown, r: { color: IndexColor }) => {
                      const b = previewLevel(l).before[r.color];
                      const a = previewLevel(l).after[r.color];
                      return (
                        <span className={a !== b ? 'idef-moved' : undefined} data-testid={`count-${l}-${r.color}`}>
                          {b} → {a}
                          {a !== b ? ` (${a > b ? '+' : ''}${a - b})` : null}
                        </span>
                      );
                    },
                  })),
                ]}
              />
              {(['town', 'village'] as const).map((l) =>
                previewLevel(l).excluded.length ? (
                  <Typography.Paragraph type="secondary" key={l} style={{ fontSize: 12, margin: '6px 0 0' }}>
                    {t('idef.excluded', {
                      level: t(l === 'town' ? 'idef.towns' : 'idef.villages'),
                      list: previewLevel(l)
                        .excluded.map((x) => `${x.id} ${shownDef.indicators.find((i) => i.id === x.id)?.name.zh ?? ''}(${t(`index.status.${x.status}`)})`)
                        .join('、'),
                    })}
                  </Typography.Paragraph>
                ) : null,
              )}
              <div style={{ marginTop: 10 }}>
                <Typography.Text strong>{preview.result.changes.length ? t('idef.edits', { n: preview.result.changes.length }) : t('idef.noEdits')}</Typography.Text>
                <ul className="idef-edits">
                  {preview.result.changes.slice(0, 30).map((c) => (
                    <li key={c.label}>
                      {c.label}:{c.before ?? '—'} → {c.after ?? '—'}
                    </li>
                  ))}
                </ul>
              </div>
            </Col>
            <Col xs={24} lg={15}>
              <Typography.Text strong>{t('idef.changedUnits', { n: preview.result.changed.length })}</Typography.Text>
              {preview.result.changed.length === 0 ? (
                <Typography.Paragraph type="secondary">{t('idef.noChange')}</Typography.Paragraph>
              ) : (
                <Table
                  size="small"
                  rowKey="divisionCode"
                  data-testid="preview-changed"
                  style={{ marginTop: 6 }}
                  pagination={preview.result.changed.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
                  dataSource={preview.result.changed}
                  columns={[
                    {
                      title: t('idef.unit_'),
                      key: 'name',
                      render: (_: unknown, u: Preview['changed'][number]) => (u.townName ? `${u.townName} · ${u.name}` : u.name),
                    },
                    {
                      title: t('idef.colorChange'),
                      key: 'color',
                      render: (_: unknown, u: Preview['changed'][number]) => (
                        <Space size={4}>
                          <ColorTag color={u.before} /> → <ColorTag color={u.after} />
                        </Space>
                      ),
                    },
                    {
                      title: t('idef.scoreChange'),
                      key: 'score',
                      render: (_: unknown, u: Preview['changed'][number]) => `${u.scoreBefore.toFixed(2)} → ${u.scoreAfter.toFixed(2)}`,
                    },
                  ]}
                />
              )}
            </Col>
          </Row>
        </Card>
      ) : null}

      <Card size="small" title={t('idef.basics')} style={{ marginBottom: 16 }}>
        <Space wrap size={[24, 8]} align="start">
          <Labeled label={t('idef.label')}>
            <Input
              size="small"
              value={shownDef.label}
              disabled={readOnly}
              status={hasProblem('label') ? 'error' : undefined}
              style={{ width: 360 }}
              onChange={(e) => edit((d) => ({ ...d, label: e.target.value }))}
            />
            <FieldError problems={shown} path="label" />
          </Labeled>
          <Labeled label={t('idef.weightTotal')}>{num(shownDef.weightTotal, (v) => edit((d) => ({ ...d, weightTotal: v })), { min: 1 })}</Labeled>
          <Labeled label={t('idef.flowWindowMonths')}>
            {num(shownDef.params.flowWindowMonths, (v) => edit((d) => ({ ...d, params: { ...d.params, flowWindowMonths: v } })), { min: 1, max: 36 })}
          </Labeled>
          <Labeled label={t('idef.quickRemovalDays')}>
            {num(shownDef.params.quickRemovalDays, (v) => edit((d) => ({ ...d, params: { ...d.params, quickRemovalDays: v } })), { min: 1, max: 365 })}
          </Labeled>
          <Labeled label={t('idef.redecisionDays')}>
            {num(shownDef.params.redecisionDays, (v) => edit((d) => ({ ...d, params: { ...d.params, redecisionDays: v } })), { min: 1, max: 365 })}
          </Labeled>
        </Space>
        <FieldError problems={shown} path="params" />
      </Card>

      <FieldError problems={shown} path="indicators[].weight" exact />
      {shownDef.dimensions.map((dim) => {
        const rows = shownDef.indicators.filter((i) => i.dimension === dim.id);
        const w = round(rows.reduce((s, i) => s + (typeof i.weight === 'number' ? i.weight : 0), 0));
        return (
          <Card
            key={dim.id}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`dimension-${dim.id}`}
            title={
              <Space>
                <Tag color="geekblue">{dim.id}</Tag>
                {dim.name.zh}
              </Space>
            }
            extra={<Typography.Text type="secondary">{t('idef.dimensionWeight', { w })}</Typography.Text>}
          >
            <Table<Indicator>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={rows}
              columns={indicatorColumns}
              expandable={{
                expandedRowRender: (ind) => (
                  <div className="idef-detail">
                    <Labeled label={t('idef.formula')}>
                      <Input
                        size="small"
                        value={ind.formula}
                        disabled={readOnly}
                        style={{ fontFamily: 'monospace', width: 520 }}
                        onChange={(e) => editIndicator(ind.id, (x) => ({ ...x, formula: e.target.value }))}
                      />
                    </Labeled>
                    <Labeled label={t('idef.meaning')}>
                      <Input.TextArea
                        value={ind.meaning}
                        disabled={readOnly}
                        autoSize={{ minRows: 2, maxRows: 5 }}
                        style={{ width: 720 }}
                        onChange={(e) => editIndicator(ind.id, (x) => ({ ...x, meaning: e.target.value }))}
                      />
                    </Labeled>
                  </div>
                ),
              }}
            />
          </Card>
        );
      })}

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('idef.redLines')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('idef.redLinesIntro')}
            </Typography.Paragraph>
            <Table<RedLine>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={shownDef.redLines}
              columns={[
                {
                  title: t('idef.redLine'),
                  key: 'name',
                  render: (_: unknown, r) => (
                    <Space size={6}>
                      <Tag color="red">{r.id}</Tag>
                      {r.name.zh}
                    </Space>
                  ),
                },
                {
                  title: t('idef.condition'),
                  key: 'cond',
                  render: (_: unknown, r) => (
                    <Space size={4}>
                      <code>{r.formula}</code>
                      <Select
                        size="small"
                        value={r.op}
                        disabled={readOnly}
                        style={{ width: 64 }}
                        onChange={(v) => editRedLine(r.id, (x) => ({ ...x, op: v }))}
                        options={(['>', '>=', '<', '<='] as const).map((v) => ({ value: v, label: v }))}
                      />
                      {num(r.threshold, (v) => editRedLine(r.id, (x) => ({ ...x, threshold: v })), { width: 70 })}
                    </Space>
                  ),
                },
                {
                  title: t('idef.cap'),
                  key: 'cap',
                  render: (_: unknown, r) => (
                    <Select
                      size="small"
                      value={r.cap}
                      disabled={readOnly}
                      style={{ width: 70 }}
                      onChange={(v) => editRedLine(r.id, (x) => ({ ...x, cap: v }))}
                      options={colorOptions}
                    />
                  ),
                },
                {
                  title: t('idef.level'),
                  key: 'level',
                  render: (_: unknown, r) => (
                    <Select
                      size="small"
                      value={r.level}
                      disabled={readOnly}
                      style={{ width: 110 }}
                      onChange={(v) => editRedLine(r.id, (x) => ({ ...x, level: v }))}
                      options={(['both', 'town', 'village'] as const).map((v) => ({ value: v, label: t(`idef.levels.${v}`) }))}
                    />
                  ),
                },
              ]}
            />
            <FieldError problems={shown} path="redLines" />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('idef.grading')} style={{ marginBottom: 16 }}>
            <Labeled label={t('idef.mode')}>
              <Radio.Group
                size="small"
                value={shownDef.grading.mode}
                disabled={readOnly}
                onChange={(e) => edit((d) => ({ ...d, grading: { ...d.grading, mode: e.target.value } }))}
                options={(['bands', 'quota'] as const).map((v) => ({ value: v, label: t(`idef.modes.${v}`) }))}
              />
            </Labeled>
            {shownDef.grading.mode === 'bands' ? (
              <>
                <Space wrap size={[12, 8]} style={{ marginTop: 8 }}>
                  {BANDS.map((c) => (
                    <Labeled key={c} label={t('idef.bandLower', { color: t(`index.color.${c}`) })}>
                      {num(shownDef.grading.bands[c], (v) => edit((d) => ({ ...d, grading: { ...d.grading, bands: { ...d.grading.bands, [c]: v } } })), {
                        min: 0,
                        max: 100,
                        width: 70,
                        id: `band-${c}`,
                        status: hasProblem('grading.bands'),
                      })}
                    </Labeled>
                  ))}
                </Space>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
                  {t('idef.bandsHelp')}
                </Typography.Paragraph>
              </>
            ) : (
              <>
                <Space wrap size={[12, 8]} style={{ marginTop: 8 }}>
                  {COLORS.map((c) => (
                    <Labeled key={c} label={t('idef.quotaShare', { color: t(`index.color.${c}`) })}>
                      {num(shownDef.grading.quota[c], (v) => edit((d) => ({ ...d, grading: { ...d.grading, quota: { ...d.grading.quota, [c]: v } } })), {
                        min: 0,
                        max: 1,
                        step: 0.05,
                        width: 70,
                        status: hasProblem('grading.quota'),
                      })}
                    </Labeled>
                  ))}
                </Space>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
                  {t('idef.quotaHelp')}
                </Typography.Paragraph>
              </>
            )}
            <FieldError problems={shown} path="grading" />
          </Card>
          <Card size="small" title={t('idef.method')} style={{ marginBottom: 16 }}>
            <Space wrap size={[24, 8]}>
              <Labeled label={t('idef.normalisation')}>
                <Select
                  size="small"
                  value={shownDef.method.normalisation}
                  disabled={readOnly}
                  style={{ width: 130 }}
                  onChange={(v) => edit((d) => ({ ...d, method: { ...d.method, normalisation: v } }))}
                  options={(['goalposts', 'minmax', 'percentile'] as const).map((v) => ({ value: v, label: t(`index.norm.${v}`) }))}
                />
              </Labeled>
              <Labeled label={t('idef.aggregation')}>
                <Select
                  size="small"
                  value={shownDef.method.aggregation}
                  disabled={readOnly}
                  style={{ width: 140 }}
                  onChange={(v) => edit((d) => ({ ...d, method: { ...d.method, aggregation: v } }))}
                  options={(['arithmetic', 'geometric'] as const).map((v) => ({ value: v, label: t(`index.agg.${v}`) }))}
                />
              </Labeled>
              <Labeled label={t('idef.draws')}>
                {num(shownDef.method.monteCarlo.draws, (v) => edit((d) => ({ ...d, method: { ...d.method, monteCarlo: { ...d.method.monteCarlo, draws: v } } })), {
                  min: 0,
                  max: 20000,
                  step: 100,
                })}
              </Labeled>
              <Labeled label={t('idef.weightSpread')}>
                {num(shownDef.method.monteCarlo.weightSpread, (v) => edit((d) => ({ ...d, method: { ...d.method, monteCarlo: { ...d.method.monteCarlo, weightSpread: v } } })), {
                  min: 0,
                  max: 0.95,
                  step: 0.05,
                })}
              </Labeled>
              <Labeled label={t('idef.switchMethods')}>
                <Switch
                  size="small"
                  checked={shownDef.method.monteCarlo.switchMethods}
                  disabled={readOnly}
                  onChange={(v) => edit((d) => ({ ...d, method: { ...d.method, monteCarlo: { ...d.method.monteCarlo, switchMethods: v } } }))}
                />
              </Labeled>
            </Space>
            <FieldError problems={shown} path="method" />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('idef.versions')} data-testid="definition-versions">
        <Table<HistoryItem>
          size="small"
          rowKey="version"
          pagination={history.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={history}
          rowClassName={(h) => (viewing?.version === h.version ? 'idef-viewing' : '')}
          columns={[
            {
              title: t('idef.version'),
              key: 'v',
              width: 130,
              render: (_: unknown, h) => (
                <Space size={4}>
                  {t('idef.versionN', { version: h.version })}
                  {h.version === current.version ? <Tag color="blue">{t('idef.currentTag')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('idef.label'), dataIndex: 'label', key: 'label' },
            { title: t('idef.who'), key: 'who', width: 120, render: (_: unknown, h) => h.createdByName ?? t('idef.systemDefault') },
            { title: t('idef.when'), key: 'at', width: 150, render: (_: unknown, h) => fmtDateTime(h.createdAt) },
            { title: t('idef.note'), dataIndex: 'note', key: 'note', render: (n: string | null) => n ?? '—' },
            {
              title: '',
              key: 'view',
              width: 80,
              render: (_: unknown, h) =>
                h.version === current.version ? null : (
                  <Button size="small" type="link" onClick={() => openVersion(h.version)}>
                    {t('idef.view')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>

      <Modal
        open={saving}
        title={t('idef.saveTitle', { version: current.version + 1 })}
        okText={t('idef.save')}
        okButtonProps={{ disabled: !note.trim(), loading: busy === 'save' }}
        onOk={save}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        {!preview || stale ? <Alert type="warning" showIcon title={t('idef.notPreviewed')} style={{ marginBottom: 12 }} /> : null}
        <Labeled label={t('idef.note')}>
          <Input.TextArea
            id="idef-note"
            value={note}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('idef.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
        </Labeled>
      </Modal>
    </div>
  );
}

function Labeled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="idef-field">
      <div className="idef-label">{label}</div>
      {children}
    </div>
  );
}
