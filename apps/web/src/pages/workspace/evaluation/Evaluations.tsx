import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';

import { EmptyState, ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { time, useNotify, useUrlState } from '../../../lib/workspace';
import { CriteriaTable, ExportButton, figure, GradeTag, type Period, SheetSummary } from './shared';

type Row = Schemas['EvaluationRowDto'];
type SubjectKind = 'manager' | 'agency';

/** Periods an admin may compute: this year and last, whole years and halves, that have started. */
function computablePeriods(): Array<{ value: string; label: string }> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const out: Array<{ value: string; label: string }> = [];
  for (const y of [year, year - 1]) {
    out.push({ value: String(y), label: `${y} 年度` });
    out.push({ value: `${y}H1`, label: `${y} 年上半年` });
    if (y < year || today >= `${y}-07-01`) out.push({ value: `${y}H2`, label: `${y} 年下半年` });
  }
  return out;
}

/**
 * 分级评估 (bureau): pick a period, compute its draft from the records, read the ranking with grades, open a
 * person's (or an agency's) sheet with every criterion, publish with confirmation, export the ranking and a sheet.
 */
export default function Evaluations() {
  const url = useUrlState();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const kind = (url.get('kind') === 'agency' ? 'agency' : 'manager') as SubjectKind;
  const subjectId = url.get('subject');
  const [toCompute, setToCompute] = useState<string>();

  const periods = useQuery({ queryKey: ['evaluations'], queryFn: () => unwrap(api.GET('/evaluations')) });
  const periodKey = url.get('period') ?? periods.data?.[0]?.periodKey;
  const period = periods.data?.find((p) => p.periodKey === periodKey);
  const ranking = useQuery({
    queryKey: ['evaluations', periodKey, 'ranking', kind],
    enabled: !!period,
    queryFn: () =>
      unwrap(
        api.GET('/evaluations/{periodKey}/ranking', {
          params: { path: { periodKey: periodKey! }, query: { subjectKind: kind } },
        }),
      ),
  });
  const sheet = useQuery({
    queryKey: ['evaluations', periodKey, 'sheet', kind, subjectId],
    enabled: !!period && !!subjectId,
    queryFn: () =>
      unwrap(
        api.GET('/evaluations/{periodKey}/sheets/{subjectKind}/{subjectId}', {
          params: { path: { periodKey: periodKey!, subjectKind: kind, subjectId: subjectId! } },
        }),
      ),
  });

  const compute = useMutation({
    mutationFn: (key: string) => unwrap(api.POST('/evaluations', { body: { periodKey: key } })),
    onSuccess: async (p) => {
      notify.ok(`已计算${p.label}评估草稿：技术经理人 ${p.counts.manager} 人，机构 ${p.counts.agency} 家`);
      setToCompute(undefined);
      await client.invalidateQueries({ queryKey: ['evaluations'] });
      url.update({ period: p.periodKey, subject: undefined });
    },
    onError: (err) => notify.fail(err),
  });
  const publish = useMutation({
    mutationFn: (p: Period) =>
      unwrap(
        api.POST('/evaluations/{periodKey}/publish', {
          params: { path: { periodKey: p.periodKey } },
          body: { version: p.version },
        }),
      ),
    onSuccess: async (p) => {
      notify.ok(`${p.label}评估已发布`);
      await client.invalidateQueries({ queryKey: ['evaluations'] });
    },
    onError: (err) => notify.fail(err),
  });

  const confirmPublish = (p: Period) =>
    modal.confirm({
      title: `发布${p.label}分级评估？`,
      content: `发布后评估结果冻结为快照，不再重新计算；技术经理人可查看本人的评估表。本期参评技术经理人 ${p.counts.manager} 人、机构 ${p.counts.agency} 家。`,
      okText: '确认发布',
      cancelText: '取消',
      onOk: () => publish.mutateAsync(p).catch(() => undefined),
    });
  const confirmRecompute = (p: Period) =>
    modal.confirm({
      title: `按最新记录重新计算${p.label}草稿？`,
      content: '草稿的排名与等级将被新的计算结果替换。',
      okText: '重新计算',
      cancelText: '取消',
      onOk: () => compute.mutateAsync(p.periodKey).catch(() => undefined),
    });

  const columns = [
    { title: '排名', dataIndex: 'rank', width: 70, align: 'center' as const },
    { title: kind === 'manager' ? '技术经理人' : '机构', dataIndex: 'subjectName' },
    { title: '总分', dataIndex: 'total', width: 90, align: 'center' as const, render: (v: number) => figure(v) },
    {
      title: '等级',
      dataIndex: 'grade',
      width: 110,
      render: (_: string, r: Row) => <GradeTag grade={r.grade} label={r.gradeLabel} />,
    },
    {
      title: '主要得分项',
      key: 'top',
      render: (_: unknown, r: Row) =>
        [...r.criteria]
          .sort((a, b) => b.contribution - a.contribution)
          .slice(0, 3)
          .filter((c) => c.contribution > 0)
          .map((c) => `${c.label} ${figure(c.contribution)}`)
          .join('，') || '—',
    },
    {
      title: '操作',
      key: 'open',
      width: 110,
      render: (_: unknown, r: Row) => (
        <Button size="small" onClick={() => url.update({ subject: r.subjectId }, true)}>
          查看评估表
        </Button>
      ),
    },
  ];

  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>分级评估</h1>
      </div>
      <div className="toolbar" role="group" aria-label="评估期">
        <Select
          aria-label="评估期"
          placeholder="选择评估期"
          style={{ width: 220 }}
          value={period ? periodKey : undefined}
          loading={periods.isPending}
          onChange={(v: string) => url.update({ period: v, subject: undefined })}
          options={(periods.data ?? []).map((p) => ({ value: p.periodKey, label: `${p.label}（${p.statusLabel}）` }))}
        />
        <Segmented
          aria-label="评估对象"
          value={kind}
          onChange={(v) => url.update({ kind: v === 'manager' ? undefined : String(v), subject: undefined })}
          options={[
            { value: 'manager', label: '技术经理人' },
            { value: 'agency', label: '技术转移服务机构' },
          ]}
        />
        <Space.Compact>
          <Select
            aria-label="计算的评估期"
            placeholder="计算新的评估期"
            style={{ width: 180 }}
            value={toCompute}
            onChange={setToCompute}
            options={computablePeriods().filter((o) => !periods.data?.some((p) => p.periodKey === o.value))}
          />
          <Button
            disabled={!toCompute}
            loading={compute.isPending}
            onClick={() => toCompute && compute.mutate(toCompute)}
          >
            计算草稿
          </Button>
        </Space.Compact>
      </div>
      {periods.error ? (
        <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />
      ) : periods.isPending ? (
        <PageLoading />
      ) : !period ? (
        <EmptyState>尚未计算任何评估期：选择评估期后点击“计算草稿”</EmptyState>
      ) : (
        <>
          <Alert
            type={period.status === 'published' ? 'success' : 'info'}
            showIcon
            message={
              period.status === 'published'
                ? `${period.label}评估已于 ${time(period.publishedAt)} 发布（快照，不再变化）`
                : `${period.label}评估为草稿（计算于 ${time(period.computedAt)}），可按最新记录重新计算，发布后冻结`
            }
            description={`评估模型：${period.models[kind].name}；等级门槛：${period.models[kind].grades
              .map((g) => `${g.grade}（${g.label}）≥ ${g.minScore}`)
              .join('，')}`}
            action={
              <Space wrap>
                {period.status === 'draft' && (
                  <>
                    <Button onClick={() => confirmRecompute(period)}>重新计算</Button>
                    <Button type="primary" onClick={() => confirmPublish(period)}>
                      发布
                    </Button>
                  </>
                )}
                <ExportButton
                  key={`${period.periodKey}-${kind}`}
                  label="排名（xlsx）"
                  request={() =>
                    unwrap(
                      api.POST('/evaluations/{periodKey}/export', {
                        params: { path: { periodKey: period.periodKey } },
                        body: { subjectKind: kind },
                      }),
                    )
                  }
                />
              </Space>
            }
          />
          {ranking.error ? (
            <ErrorState error={ranking.error} onRetry={() => void ranking.refetch()} />
          ) : (
            <Table<Row>
              rowKey="subjectId"
              loading={ranking.isPending}
              dataSource={ranking.data?.rows ?? []}
              columns={columns}
              pagination={false}
              locale={{ emptyText: kind === 'manager' ? '本期没有在岗的技术经理人' : '本期没有已备案的机构' }}
            />
          )}
        </>
      )}
      <Drawer
        open={!!subjectId && !!period}
        width={760}
        title={sheet.data ? `${sheet.data.subjectName} · ${sheet.data.period.label}评估表` : '评估表'}
        onClose={() => url.update({ subject: undefined }, true)}
      >
        {sheet.error ? (
          <ErrorState error={sheet.error} onRetry={() => void sheet.refetch()} />
        ) : !sheet.data ? (
          <PageLoading />
        ) : (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {/* in the body: the scrollable drawer holds something focusable (keyboard users reach the export) */}
            <ExportButton
              key={sheet.data.subjectId}
              label="评估表（xlsx）"
              request={() =>
                unwrap(
                  api.POST('/evaluations/{periodKey}/sheets/{subjectKind}/{subjectId}/export', {
                    params: {
                      path: {
                        periodKey: sheet.data.period.periodKey,
                        subjectKind: kind,
                        subjectId: sheet.data.subjectId,
                      },
                    },
                  }),
                )
              }
            />
            <SheetSummary sheet={sheet.data} />
            {period?.status === 'draft' && (
              <Tag style={{ color: '#614700', background: '#fffbe6', borderColor: '#ffe58f' }}>
                草稿：发布前可能因重新计算而变化
              </Tag>
            )}
            <CriteriaTable sheet={sheet.data} />
          </Space>
        )}
      </Drawer>
    </div>
  );
}
