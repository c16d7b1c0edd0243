import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Modal, Progress, Row, Select, Space, Statistic } from 'antd';
import { lazy, Suspense } from 'react';

import { PageLoading, QueryView } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { useExportJob } from '../../../lib/export-job';
import { useSession } from '../../../lib/session';
import { useUrlState } from '../../../lib/workspace';
import type { Drill } from './IndicatorCharts';
import {
  amount,
  defaultYear,
  type Figure,
  percent,
  PLAN_YEARS,
  ProgressWithExpected,
  STATUS_COLORS,
  StatusTag,
} from './shared';

// ECharts and the drill-down load only when the dashboard shows them.
const IndicatorCharts = lazy(() => import('./IndicatorCharts'));
const IndicatorDrill = lazy(() => import('./IndicatorDrill'));
const ReportPanel = lazy(() => import('./ReportPanel'));

/** One figure as a card: actual against target, the progress bar with the expected mark, the status colour. */
function FigureCard({ figure, whole, onOpen }: { figure: Figure; whole?: boolean; onOpen: () => void }) {
  const plan = whole ? figure.planTotal : undefined;
  const target = plan ? plan.target : figure.target;
  const actual = plan ? plan.actual : figure.actual;
  const status = plan ? plan.status : figure.status;
  const progress = plan ? plan.progress : figure.progress;
  const expected = plan ? plan.expectedProgress : figure.expectedProgress;
  const name = plan ? `${figure.name}（规划期）` : figure.name;
  const targetText =
    target === null ? '无年度目标' : `${amount(target)}${plan?.max ? `～${amount(plan.max)}` : ''} ${figure.unit}`;
  return (
    <Card
      role="group"
      aria-label={name}
      size="small"
      className="figure-card"
      style={{ borderTop: `3px solid ${STATUS_COLORS[status ?? ''] ?? '#d1d5db'}` }}
      title={
        <span className="figure-title">
          {figure.seq !== null && !plan ? <span className="figure-seq">{figure.seq}</span> : null}
          {name}
        </span>
      }
      extra={<StatusTag status={status} />}
    >
      <div className="figure-numbers">
        <span className="figure-actual">{amount(actual)}</span>
        <span className="figure-target">/ {targetText}</span>
      </div>
      <ProgressWithExpected progress={progress} expected={expected} status={status ?? null} label={name} />
      <div className="figure-meta">
        完成 {percent(progress)} · 序时进度 {percent(expected)}
        {!plan && figure.expected !== null ? `（应达 ${amount(figure.expected)}）` : ''}
      </div>
      <div className="figure-meta">
        {plan ? plan.note : `${figure.accumulationLabel} · ${figure.sourceLabel} · ${figure.responsible}`}
      </div>
      {figure.pendingReports ? (
        <div className="figure-pending">待审核填报 {figure.pendingReports} 条（未计入）</div>
      ) : null}
      <button type="button" className="link-button figure-open" onClick={onOpen}>
        查看明细<span className="sr-only">：{name}</span>
      </button>
    </Card>
  );
}

/** Export of the plan table with the year's figures: a job with its progress, then the file. */
function ExportButton({ year }: { year: number }) {
  const exported = useExportJob(
    () => unwrap(api.POST('/indicators/report-exports', { body: { year, format: 'xlsx' } })),
    800,
  );
  // the job as the API answered the request, then as each poll finds it
  const job = exported.job ?? exported.started;
  const close = exported.reset;
  return (
    <>
      <Button onClick={exported.start} loading={exported.starting}>
        导出报表（xlsx）
      </Button>
      <Modal
        open={!!job}
        title={`${year} 年指标报表`}
        onCancel={close}
        footer={
          <Space>
            {job?.downloadUrl && (
              <Button type="primary" href={job.downloadUrl} download={job.filename ?? undefined}>
                下载报表
              </Button>
            )}
            <Button onClick={close}>关闭</Button>
          </Space>
        }
      >
        {job && (
          <>
            <p>
              {job.status === 'done'
                ? `已生成：${job.filename}`
                : job.status === 'failed'
                  ? '生成失败'
                  : '正在生成报表…'}
            </p>
            <Progress
              percent={Math.round(job.progress * 100)}
              status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
              aria-label="报表生成进度"
            />
            {job.error && <Alert type="error" showIcon message={job.error} />}
          </>
        )}
      </Modal>
    </>
  );
}

/** 指标看板: the plan's targets for a year, where each stands today, why (drill-down), and the charts. */
export default function Indicators() {
  const url = useUrlState();
  const { me } = useSession();
  const year = Number(url.get('year')) || defaultYear();
  const drill = {
    key: url.get('drill'),
    stage: url.get('stage'),
    chain: url.get('chain'),
    district: url.get('district'),
  };
  const overview = useQuery({
    queryKey: ['indicators', 'overview', year],
    queryFn: () => unwrap(api.GET('/indicators', { params: { query: { year } } })),
  });
  const openDrill = (d: Drill) =>
    url.update({ drill: d.key, stage: d.stage, chain: d.chain, district: d.district, dpage: undefined }, true);
  const closeDrill = () =>
    url.update({ drill: undefined, stage: undefined, chain: undefined, district: undefined, dpage: undefined }, true);
  const outside = !PLAN_YEARS.includes(year);

  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>指标看板</h1>
        <Space wrap>
          <Select
            aria-label="规划年度"
            style={{ width: 120 }}
            value={year}
            onChange={(y: number) => url.update({ year: String(y) })}
            options={PLAN_YEARS.map((y) => ({ value: y, label: `${y} 年` }))}
          />
          {!outside && <ExportButton year={year} />}
        </Space>
      </div>
      {/* A year outside the plan (typed into the address): the API's 400 says which years there are. */}
      <QueryView query={overview}>
        {(o) => {
          const counts = ['达标', '正常', '滞后', '未开始'].map(
            (s) => [s, o.indicators.filter((f) => f.target !== null && f.status === s).length] as const,
          );
          const whole = o.indicators.filter((f) => f.planTotal);
          const text = o.indicators.filter((f) => f.seq === null);
          const table = o.indicators.filter((f) => f.seq !== null);
          const figure = o.indicators.find((f) => f.key === drill.key);
          return (
            <>
              <p className="page-intro">
                {o.plan}。统计截至 {o.asOf}，{year} 年已过 {percent(o.yearElapsed)}。
              </p>
              <Row gutter={[16, 16]} className="status-summary" aria-label="状态汇总">
                {counts.map(([s, n]) => (
                  <Col xs={12} md={6} key={s}>
                    <Card size="small" style={{ borderLeft: `4px solid ${STATUS_COLORS[s]}` }}>
                      <Statistic title={`${s}指标`} value={n} suffix="项" />
                    </Card>
                  </Col>
                ))}
              </Row>
              <Alert type="info" showIcon className="status-rule" message="状态判定" description={o.statusRule} />

              <section aria-labelledby="whole-title">
                <h2 id="whole-title">规划期目标（2025—2027 年，正文）</h2>
                <div className="figure-grid">
                  {whole.map((f) => (
                    <FigureCard key={`plan-${f.key}`} figure={f} whole onOpen={() => openDrill({ key: f.key })} />
                  ))}
                  {text.map((f) => (
                    <FigureCard key={f.key} figure={f} onOpen={() => openDrill({ key: f.key })} />
                  ))}
                </div>
              </section>

              <Suspense fallback={<PageLoading label="图表加载中…" />}>
                <IndicatorCharts year={year} figures={o.indicators} onDrill={openDrill} />
              </Suspense>

              <section aria-labelledby="table-title">
                <h2 id="table-title">{year} 年目标任务表（19 项）</h2>
                <div className="figure-grid">
                  {table.map((f) => (
                    <FigureCard key={f.key} figure={f} onOpen={() => openDrill({ key: f.key })} />
                  ))}
                </div>
              </section>

              {me && (
                <Suspense fallback={<PageLoading />}>
                  <ReportPanel year={year} figures={o.indicators} />
                </Suspense>
              )}

              {(figure || drill.stage) && (
                <Suspense fallback={null}>
                  <IndicatorDrill
                    year={year}
                    figure={figure}
                    stage={figure ? undefined : drill.stage}
                    chain={drill.chain}
                    district={drill.district}
                    page={Number(url.get('dpage')) || 1}
                    onPage={(p) => url.update({ dpage: String(p) }, true)}
                    onFilter={(patch) => url.update({ ...patch, dpage: undefined }, true)}
                    onClose={closeDrill}
                  />
                </Suspense>
              )}
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
