import { Fragment, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api, type TicketQuery } from '../api.ts';
import type { ChartOption } from '../charts.ts';
import { Chart } from '../components/Chart.tsx';
import { useDepartments } from '../components/DepartmentPicker.tsx';
import { TicketTable } from '../components/TicketTable.tsx';
import { Empty, ErrorNotice, Loading, PageHeader, Pagination } from '../components/ui.tsx';
import { dayBoundary, formatNumber, formatPercent, shanghaiDate } from '../format.ts';
import { useLoad, useNow, useTitle } from '../hooks.ts';
import { CHANNEL_LABELS, FACET_LABELS, HOTSPOT_DIMENSION_LABELS, INTERVAL_LABELS, LIGHT_LABELS, PRIORITY_LABELS, STATUS_LABELS, label } from '../labels.ts';
import { navigate, type Route } from '../router.ts';
import type { DepartmentRateRow, FacetBucket, FacetName, User } from '../types.ts';

export function Analysis({ tab, route }: { tab: string; route: Route; user: User }) {
  if (tab === 'trends') return <Trends route={route} />;
  if (tab === 'hotspots') return <Hotspots key={route.params.toString()} route={route} />;
  if (tab === 'departments') return <DepartmentRates route={route} />;
  return <Search route={route} />;
}

// ---------------------------------------------------------------------------------------------------------------
// 检索

const FACETS: FacetName[] = ['category', 'district', 'department', 'status', 'priority', 'slaLight', 'channel'];
/** The query parameter each facet filters on. */
const FACET_PARAM: Record<FacetName, keyof TicketQuery & string> = {
  category: 'category',
  district: 'district',
  department: 'departmentId',
  channel: 'channel',
  status: 'status',
  slaLight: 'slaLight',
  priority: 'priority',
};
const FACET_VALUE_LABELS: Partial<Record<FacetName, Record<string, string>>> = {
  status: STATUS_LABELS,
  channel: CHANNEL_LABELS,
  slaLight: LIGHT_LABELS,
  priority: PRIORITY_LABELS,
};
const SORT_LABELS = { relevance: '相关度', newest: '最新受理', deadline: '时限最近', urgency: '紧急程度' } as const;
const SEARCH_PAGE_SIZE = 20;
const FACET_SHOWN = 8;

function searchFromRoute(params: URLSearchParams): TicketQuery {
  const many = (key: string) => params.getAll(key).filter(Boolean);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sort = params.get('sort') as TicketQuery['sort'] | null;
  return {
    q: params.get('q') ?? '',
    ...(from ? { from: dayBoundary(from, false) } : {}),
    ...(to ? { to: dayBoundary(to, true) } : {}),
    district: many('district'),
    category: many('category'),
    departmentId: many('departmentId'),
    channel: many('channel'),
    status: many('status'),
    slaLight: many('slaLight'),
    priority: many('priority'),
    ...(sort && sort in SORT_LABELS ? { sort } : {}),
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
    pageSize: SEARCH_PAGE_SIZE,
  };
}

function Search({ route }: { route: Route }) {
  useTitle('工单检索');
  const now = useNow();
  const id = useId();
  const params = route.params;
  const query = useMemo(() => searchFromRoute(params), [params]);
  const key = params.toString();
  const { data, error, loading, reload } = useLoad((signal) => api.tickets(query, signal), [key]);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [sort, setSort] = useState(params.get('sort') ?? '');
  const [expanded, setExpanded] = useState<Partial<Record<FacetName, boolean>>>({});
  const { departments } = useDepartments();
  // The form follows the address (back/forward, a link to a search): it shows the search that is displayed.
  useEffect(() => {
    setQ(params.get('q') ?? '');
    setFrom(params.get('from') ?? '');
    setTo(params.get('to') ?? '');
    setSort(params.get('sort') ?? '');
  }, [params]);

  const go = (next: URLSearchParams) => {
    next.delete('page');
    navigate('/analysis/search', next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    for (const [name, value] of [['q', q.trim()], ['from', from], ['to', to], ['sort', sort]] as const) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    go(next);
  };

  const toggle = (param: string, value: string) => {
    const next = new URLSearchParams(params);
    const values = next.getAll(param);
    next.delete(param);
    for (const item of values.includes(value) ? values.filter((existing) => existing !== value) : [...values, value]) next.append(param, item);
    go(next);
  };

  const clearAll = () => {
    setQ('');
    setFrom('');
    setTo('');
    setSort('');
    navigate('/analysis/search');
  };

  const valueLabel = (facet: FacetName, bucket: { key: string; label?: string }) =>
    bucket.label ?? (facet === 'department' ? departments.find((department) => department.id === bucket.key)?.name : undefined) ?? label(FACET_VALUE_LABELS[facet] ?? {}, bucket.key);

  const chips = FACETS.flatMap((facet) =>
    params.getAll(FACET_PARAM[facet]).map((value) => {
      const bucket = data?.facets[facet]?.find((candidate) => candidate.key === value);
      return { facet, value, text: `${FACET_LABELS[facet]}：${valueLabel(facet, bucket ?? { key: value })}` };
    }),
  );

  return (
    <section>
      <PageHeader title="工单检索" subtitle="全文检索工单（中文分词），可按时间、区域、类别、承办单位等筛选" />
      <form className="search-bar" role="search" aria-label="工单检索" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor={`${id}-q`}>关键词</label>
          <input id={`${id}-q`} type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder="如：小区 物业 停车" maxLength={200} data-testid="search-input" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>受理日期自</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(event) => setFrom(event.target.value)} data-testid="search-from" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>至</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(event) => setTo(event.target.value)} data-testid="search-to" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>排序</label>
          <select id={`${id}-sort`} value={sort} onChange={(event) => setSort(event.target.value)} data-testid="search-sort">
            <option value="">默认</option>
            {Object.entries(SORT_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </div>
        <div className="field field-buttons">
          <button type="submit" className="btn btn-primary" data-testid="search-submit">检索</button>
          <button type="button" className="btn" onClick={clearAll}>清除条件</button>
        </div>
      </form>
      {chips.length > 0 ? (
        <div className="chips filter-chips" aria-label="已选筛选条件">
          {chips.map((chip) => (
            <button key={`${chip.facet}:${chip.value}`} type="button" className="chip chip-removable" onClick={() => toggle(FACET_PARAM[chip.facet], chip.value)} aria-label={`移除筛选 ${chip.text}`} data-testid="filter-chip">
              {chip.text} <span aria-hidden="true">×</span>
            </button>
          ))}
        </div>
      ) : null}
      <div className="search-layout">
        <aside className="facets" aria-label="分面筛选">
          {FACETS.map((facet) => {
            const buckets: FacetBucket[] = data?.facets[facet] ?? [];
            const param = FACET_PARAM[facet];
            const selected = params.getAll(param);
            const shown = expanded[facet] ? buckets : buckets.slice(0, FACET_SHOWN);
            return (
              <section key={facet} className="facet" data-testid={`facet-${facet}`} aria-labelledby={`${id}-facet-${facet}`}>
                <h2 id={`${id}-facet-${facet}`} className="facet-title">{FACET_LABELS[facet]}</h2>
                {buckets.length === 0 ? <p className="muted small">无</p> : null}
                <ul>
                  {shown.map((bucket) => {
                    const active = selected.includes(bucket.key);
                    const text = valueLabel(facet, bucket);
                    return (
                      <li key={bucket.key}>
                        <button
                          type="button"
                          className={active ? 'facet-item active' : 'facet-item'}
                          aria-pressed={active}
                          onClick={() => toggle(param, bucket.key)}
                          data-testid="facet-item"
                          data-key={bucket.key}
                          data-count={bucket.count}
                          title={text}
                        >
                          <span className="facet-label">{text}</span>
                          <span className="facet-count">{bucket.count.toLocaleString('zh-CN')}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
                {buckets.length > FACET_SHOWN ? (
                  <button type="button" className="btn-link small" onClick={() => setExpanded((value) => ({ ...value, [facet]: !value[facet] }))} aria-expanded={Boolean(expanded[facet])}>
                    {expanded[facet] ? '收起' : `展开全部 ${buckets.length} 项`}
                  </button>
                ) : null}
              </section>
            );
          })}
        </aside>
        <div className="results">
          <div className="results-head">
            <span data-testid="search-total">
              {data ? <>共 <strong>{data.total.toLocaleString('zh-CN')}</strong> 条结果<span className="muted"> · 用时 {data.tookMs} 毫秒</span></> : '\u00a0'}
            </span>
            <Loading show={loading} text="检索中…" />
          </div>
          <ErrorNotice error={error} onRetry={reload} />
          {data && data.items.length === 0 ? <Empty>没有符合条件的工单，请调整关键词或筛选条件</Empty> : null}
          {data && data.items.length > 0 ? (
            <>
              <TicketTable
                items={data.items}
                caption="检索结果"
                columns={['received', 'ticket', 'category', 'district', 'department', 'status', 'priority', 'light']}
                now={now}
                showHighlights
              />
              <Pagination
                page={data.page}
                pageSize={data.pageSize}
                total={Math.min(data.total, 10_000)}
                onPage={(page) => {
                  const next = new URLSearchParams(params);
                  next.set('page', String(page));
                  navigate('/analysis/search', next);
                }}
              />
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 趋势

const TOP_CATEGORIES = 8;

function Trends({ route }: { route: Route }) {
  useTitle('趋势');
  const id = useId();
  const params = route.params;
  const interval = (params.get('interval') ?? 'day') as 'day' | 'week' | 'month';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const category = params.get('category') ?? '';
  const district = params.get('district') ?? '';
  const [draft, setDraft] = useState({ interval, from, to, category, district });
  // The categories and districts to choose from: the facets of all tickets.
  const choices = useLoad((signal) => api.tickets({ pageSize: 1 }, signal), []);
  useEffect(() => {
    setDraft({ interval, from, to, category, district });
  }, [interval, from, to, category, district]);
  const { data, error, loading, reload } = useLoad(
    (signal) =>
      api.trends(
        {
          interval,
          ...(from ? { from: dayBoundary(from, false) } : {}),
          ...(to ? { to: dayBoundary(to, true) } : {}),
          ...(category ? { category } : {}),
          ...(district ? { district } : {}),
        },
        signal,
      ),
    [params.toString()],
  );

  const { option, categories, rows } = useMemo(() => {
    const buckets = data?.buckets ?? [];
    const totals = new Map<string, number>();
    for (const bucket of buckets) for (const [name, count] of Object.entries(bucket.byCategory)) totals.set(name, (totals.get(name) ?? 0) + count);
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    const top = ranked.slice(0, TOP_CATEGORIES);
    const rest = ranked.slice(TOP_CATEGORIES);
    const series = [...top, ...(rest.length ? ['其他'] : [])];
    const valueOf = (bucket: (typeof buckets)[number], name: string) =>
      name === '其他' ? rest.reduce((sum, other) => sum + (bucket.byCategory[other] ?? 0), 0) : bucket.byCategory[name] ?? 0;
    const labels = buckets.map((bucket) => bucketLabel(bucket.date, interval));
    const chart: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
      legend: { type: 'scroll', top: 0, left: 0, right: 0 },
      grid: { left: 40, right: 24, top: 44, bottom: 28 },
      xAxis: { type: 'category', boundaryGap: false, data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((name) => ({
        name,
        type: 'line',
        stack: 'total',
        areaStyle: { opacity: 0.55 },
        smooth: false,
        symbol: 'none',
        lineStyle: { width: 1 },
        emphasis: { focus: 'series' },
        data: buckets.map((bucket) => valueOf(bucket, name)),
      })),
    };
    return { option: chart, categories: series, rows: buckets.map((bucket, index) => ({ label: labels[index] ?? bucket.date, total: bucket.total, values: series.map((name) => valueOf(bucket, name)) })) };
  }, [data, interval]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate('/analysis/trends', { interval: draft.interval, from: draft.from, to: draft.to, category: draft.category, district: draft.district });
  };
  const total = rows.reduce((sum, row) => sum + row.total, 0);

  return (
    <section>
      <PageHeader title="趋势" subtitle="按类别堆叠的受理量走势" />
      <form className="search-bar" onSubmit={submit} aria-label="趋势条件">
        <div className="field">
          <label htmlFor={`${id}-interval`}>统计粒度</label>
          <select id={`${id}-interval`} value={draft.interval} onChange={(event) => setDraft({ ...draft, interval: event.target.value as typeof interval })} data-testid="trends-interval">
            {Object.entries(INTERVAL_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>日期自</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>至</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-category`}>类别</label>
          <select id={`${id}-category`} value={draft.category} onChange={(event) => setDraft({ ...draft, category: event.target.value })} data-testid="trends-category">
            <option value="">全部</option>
            {withCurrent(choices.data?.facets.category, draft.category).map((key) => <option key={key} value={key}>{key}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-district`}>区域</label>
          <select id={`${id}-district`} value={draft.district} onChange={(event) => setDraft({ ...draft, district: event.target.value })} data-testid="trends-district">
            <option value="">全部</option>
            {withCurrent(choices.data?.facets.district, draft.district).map((key) => <option key={key} value={key}>{key}</option>)}
          </select>
        </div>
        <div className="field field-buttons">
          <button type="submit" className="btn btn-primary" data-testid="trends-submit">查询</button>
        </div>
      </form>
      <ErrorNotice error={error} onRetry={reload} />
      <div className="panel">
        <h2 className="panel-title">
          受理量趋势（{INTERVAL_LABELS[interval]}）
          <span className="panel-note">合计 {formatNumber(total)} 件 <Loading show={loading} text="加载中…" /></span>
        </h2>
        <div className="panel-body">
          {data && rows.length === 0 ? <Empty>所选时间范围内没有数据</Empty> : <Chart option={option} label={`按类别堆叠的受理量趋势，${rows.length} 个时间点`} height={360} testId="trends-chart" />}
        </div>
      </div>
      {rows.length > 0 ? (
        <details className="panel data-details">
          <summary>查看数据表</summary>
          <div className="table-wrap">
            <table className="grid compact numeric">
              <caption className="sr-only">趋势数据</caption>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">合计</th>
                  {categories.map((name) => <th key={name} scope="col">{name}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    <td>{row.total}</td>
                    {row.values.map((value, index) => <td key={categories[index]}>{value}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}

/** Facet keys in name order, plus the current choice if the facets do not have it (so the select can show it). */
function withCurrent(buckets: FacetBucket[] | undefined, current: string): string[] {
  const keys = (buckets ?? []).map((bucket) => bucket.key).sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return current && !keys.includes(current) ? [current, ...keys] : keys;
}

function bucketLabel(date: string, interval: 'day' | 'week' | 'month'): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : shanghaiDate(new Date(date));
  if (interval === 'month') return day.slice(0, 7);
  if (interval === 'week') return `${day.slice(5)} 起`;
  return day.slice(5);
}

// ---------------------------------------------------------------------------------------------------------------
// 热点

function Hotspots({ route }: { route: Route }) {
  useTitle('热点');
  const id = useId();
  const days = Number(route.params.get('days') ?? '7') || 7;
  const baselineDays = Number(route.params.get('baselineDays') ?? '28') || 28;
  const { data, error, loading, reload } = useLoad((signal) => api.hotspots({ days, baselineDays }, signal), [days, baselineDays]);
  const items = useMemo(() => data?.items ?? [], [data]);
  const top = useMemo(() => items.slice(0, 15), [items]);
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, left: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: top.map((item) => `${label(HOTSPOT_DIMENSION_LABELS, item.dimension)}·${item.key}`), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        { name: `近 ${days} 天`, type: 'bar', data: top.map((item) => item.recent), barMaxWidth: 14 },
        { name: '基线期望', type: 'bar', data: top.map((item) => Math.round(item.baseline * 10) / 10), barMaxWidth: 14 },
      ],
    }),
    [top, days],
  );

  return (
    <section>
      <PageHeader title="热点" subtitle="近期受理量明显高于基线期望的地点与类别，按突增强度排序" />
      <form
        className="search-bar"
        aria-label="热点条件"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          navigate('/analysis/hotspots', { days: String(form.get('days')), baselineDays: String(form.get('baselineDays')) });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-days`}>近期窗口</label>
          <select id={`${id}-days`} name="days" defaultValue={String(days)} data-testid="hotspots-days">
            {[1, 3, 7, 14, 30].map((value) => <option key={value} value={value}>近 {value} 天</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-baseline`}>基线窗口</label>
          <select id={`${id}-baseline`} name="baselineDays" defaultValue={String(baselineDays)}>
            {[14, 28, 56, 90].map((value) => <option key={value} value={value}>此前 {value} 天</option>)}
          </select>
        </div>
        <div className="field field-buttons">
          <button type="submit" className="btn btn-primary">查询</button>
        </div>
      </form>
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && !data} />
      {data && items.length === 0 ? <Empty>当前没有明显的热点</Empty> : null}
      {items.length > 0 ? (
        <div className="two-col">
          <div className="panel">
            <h2 className="panel-title">热点列表</h2>
            <div className="table-wrap">
              <table className="grid compact numeric" data-testid="hotspots-table">
                <caption className="sr-only">热点列表</caption>
                <thead>
                  <tr>
                    <th scope="col">维度</th>
                    <th scope="col">对象</th>
                    <th scope="col">近期</th>
                    <th scope="col">基线期望</th>
                    <th scope="col">倍数</th>
                    <th scope="col">主要类别</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={`${item.dimension}:${item.key}`} data-testid="hotspot-row">
                      <td>{label(HOTSPOT_DIMENSION_LABELS, item.dimension)}</td>
                      <th scope="row">
                        <a href={`#/analysis/search?${new URLSearchParams(item.dimension === 'category' ? { category: item.key } : { district: item.key.split(' ')[0] ?? item.key }).toString()}`}>{item.key}</a>
                      </th>
                      <td>{item.recent}</td>
                      <td>{item.baseline.toFixed(1)}</td>
                      <td className={item.ratio >= 2 ? 'text-red' : item.ratio >= 1.5 ? 'text-amber' : undefined}>{Number.isFinite(item.ratio) ? `${item.ratio.toFixed(1)}×` : '新增'}</td>
                      <td>{item.topCategory ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="panel">
            <h2 className="panel-title">近期与基线对比（前 {top.length} 项）</h2>
            <div className="panel-body">
              <Chart option={option} label="热点近期受理量与基线期望对比柱状图" height={Math.max(300, top.length * 30 + 60)} testId="hotspots-chart" />
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 部门考核

type RateKey = 'signedForOnTimeRate' | 'firstContactOnTimeRate' | 'resolvedOnTimeRate' | 'returnRate' | 'satisfactionRate' | 'resolutionRate' | 'responseRate' | 'reHandlingRate';
const RATE_LABELS: Record<RateKey, string> = {
  signedForOnTimeRate: '按时签收率',
  firstContactOnTimeRate: '先行联系及时率',
  resolvedOnTimeRate: '按时办结率',
  returnRate: '退单率',
  satisfactionRate: '满意率',
  resolutionRate: '解决率',
  responseRate: '响应率',
  reHandlingRate: '重办率',
};
/** Rates where lower is better. */
const LOWER_IS_BETTER: ReadonlySet<RateKey> = new Set(['returnRate', 'reHandlingRate']);
const RATE_KEYS = Object.keys(RATE_LABELS) as RateKey[];
type SortKey = RateKey | 'tickets' | 'departmentName';

function DepartmentRates({ route }: { route: Route }) {
  useTitle('部门考核');
  const id = useId();
  const from = route.params.get('from') ?? '';
  const to = route.params.get('to') ?? '';
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => {
    setDraft({ from, to });
  }, [from, to]);
  const [metric, setMetric] = useState<RateKey>('signedForOnTimeRate');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'tickets', descending: true });
  const { data, error, loading, reload } = useLoad(
    (signal) => api.departmentRates({ ...(from ? { from: dayBoundary(from, false) } : {}), ...(to ? { to: dayBoundary(to, true) } : {}) }, signal),
    [from, to],
  );

  const rows = useMemo(() => {
    const list = [...(data?.rows ?? [])];
    const value = (row: DepartmentRateRow) => (sort.key === 'departmentName' ? row.departmentName : rate(row, sort.key));
    list.sort((a, b) => {
      const left = value(a);
      const right = value(b);
      const order = typeof left === 'string' ? left.localeCompare(String(right), 'zh-CN') : left - (right as number);
      return sort.descending ? -order : order;
    });
    return list;
  }, [data, sort]);

  const option: ChartOption = useMemo(() => {
    const charted = [...(data?.rows ?? [])]
      .sort((a, b) => b.tickets - a.tickets)
      .slice(0, 20)
      .filter((row) => rateOrNull(row, metric) !== null)
      .sort((a, b) => rate(a, metric) - rate(b, metric));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => `${Number(value).toFixed(1)}%` },
      grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: charted.map((row) => row.departmentName), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          name: RATE_LABELS[metric],
          type: 'bar',
          barMaxWidth: 14,
          data: charted.map((row) => Math.round(rate(row, metric) * 1000) / 10),
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
        },
      ],
    };
  }, [data, metric]);
  const chartCount = Math.min(20, (data?.rows ?? []).filter((row) => rateOrNull(row, metric) !== null).length);

  const header = (key: SortKey, text: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="th-sort" onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'departmentName' })}>
          {text}
          <span aria-hidden="true" className="sort-arrow">{active ? (sort.descending ? '▼' : '▲') : '↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <section>
      <PageHeader title="部门考核" subtitle="各承办单位的签收、先行联系、办结、退单、满意与解决情况，及指挥中心按时回访率（口径见指标说明）" />
      <form
        className="search-bar"
        aria-label="考核期间"
        onSubmit={(event) => {
          event.preventDefault();
          navigate('/analysis/departments', draft);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-from`}>受理日期自</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>至</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <div className="field field-buttons">
          <button type="submit" className="btn btn-primary">查询</button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-metric`}>图表指标</label>
          <select id={`${id}-metric`} value={metric} onChange={(event) => setMetric(event.target.value as RateKey)} data-testid="rates-metric">
            {RATE_KEYS.map((key) => <option key={key} value={key}>{RATE_LABELS[key]}</option>)}
          </select>
        </div>
      </form>
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && !data} />
      {data && data.center.followUpOnTimeRate !== null ? (
        <p className="small" data-testid="center-followup-rate">
          指挥中心按时回访率 <strong>{(data.center.followUpOnTimeRate * 100).toFixed(1)}%</strong>
          <span className="muted">（{data.center.counts.followedUpOnTime} / {data.center.counts.followUpJudged}，含已过回访时限仍待回访的工单）</span>
        </p>
      ) : null}
      {data && rows.length === 0 ? <Empty>所选期间没有考核数据</Empty> : null}
      {rows.length > 0 ? (
        <>
          <div className="panel">
            <h2 className="panel-title">考核明细（{rows.length} 个单位）</h2>
            <div className="table-wrap">
              <table className="grid compact numeric" data-testid="rates-table">
                <caption className="sr-only">部门考核明细，可按列排序</caption>
                <thead>
                  <tr>
                    {header('departmentName', '承办单位')}
                    {header('tickets', '工单量')}
                    {RATE_KEYS.map((key) => <Fragment key={key}>{header(key, RATE_LABELS[key])}</Fragment>)}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.departmentId} data-testid="rates-row">
                      <th scope="row">{row.departmentName}</th>
                      <td>{row.tickets.toLocaleString('zh-CN')}</td>
                      {RATE_KEYS.map((key) => (
                        <td key={key} className={rateClass(key, rateOrNull(row, key))}>{formatPercent(rateOrNull(row, key))}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="small muted panel-foot">
              口径：统计期内受理并已派单的工单。按时签收率、按时办结率＝按时签收/办结的工单 ÷（已签收/办结的工单＋已超过时限仍未签收/办结的工单）；响应率＝已答复或办结的工单 ÷ 派单工单；退单率＝退过单的工单 ÷ 派单工单；满意率、解决率、重办率以已回访工单为分母，按最近一次回访计。“—”表示分母为零、无可计算的数据。
            </p>
          </div>
          <div className="panel">
            <h2 className="panel-title">
              {RATE_LABELS[metric]}（工单量前 {chartCount} 个单位）
            </h2>
            <div className="panel-body">
              <Chart option={option} label={`各单位${RATE_LABELS[metric]}柱状图`} height={Math.max(260, chartCount * 24 + 40)} testId="rates-chart" />
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}

function rateOrNull(row: DepartmentRateRow, key: RateKey): number | null {
  const value = row[key];
  return typeof value === 'number' ? value : null;
}

/** For sorting: no data sorts below every figure. */
function rate(row: DepartmentRateRow, key: SortKey): number {
  if (key === 'departmentName') return 0;
  if (key === 'tickets') return row.tickets;
  return rateOrNull(row, key) ?? -1;
}

function rateClass(key: RateKey, value: number | null): string | undefined {
  if (value === null) return undefined;
  const good = LOWER_IS_BETTER.has(key) ? value <= 0.05 : value >= 0.9;
  const bad = LOWER_IS_BETTER.has(key) ? value > 0.15 : value < 0.7;
  return bad ? 'text-red' : good ? 'text-green' : undefined;
}
