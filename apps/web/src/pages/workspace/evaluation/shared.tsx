import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

import { api, type Schemas, unwrap } from '../../../lib/api';
import { time, useNotify } from '../../../lib/workspace';

export type Sheet = Schemas['EvaluationSheetDto'];
export type Criterion = Schemas['EvaluationCriterionDto'];
export type Period = Schemas['EvaluationPeriodResponseDto'];
export type Job = Schemas['ExportJobResponseDto'];

/** Grade tags in AA contrast (antd's preset tag colours are too light for small text). */
const GRADE_STYLES: Record<string, { color: string; background: string; borderColor: string }> = {
  A: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  B: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  C: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
};

export function GradeTag({ grade, label }: { grade: string; label: string }) {
  return (
    <Tag style={GRADE_STYLES[grade]}>
      {grade}（{label}）
    </Tag>
  );
}

/** Figures as the sheet shows them: no trailing zeros, "无数据" for a rate or average with nothing behind it. */
export function figure(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '无数据';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
  return unit ? `${text} ${unit}` : text;
}

/** Each criterion: the rule, its weight, the raw value, the normalised score and what it contributes. */
export function CriteriaTable({ sheet }: { sheet: Sheet }) {
  return (
    <Table<Criterion>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={sheet.criteria}
      columns={[
        {
          title: '评估指标',
          dataIndex: 'label',
          render: (v: string, c) => (
            <div>
              <strong>{v}</strong>
              <Typography.Paragraph type="secondary" className="evaluation-rule">
                {c.rule}
              </Typography.Paragraph>
            </div>
          ),
        },
        { title: '权重', dataIndex: 'weight', width: 70, align: 'center' },
        {
          title: '原始值',
          dataIndex: 'raw',
          width: 120,
          align: 'center',
          render: (v: number | null, c) => figure(v, c.unit),
        },
        { title: '标准化得分', dataIndex: 'normalised', width: 110, align: 'center', render: (v: number) => figure(v) },
        { title: '贡献分', dataIndex: 'contribution', width: 90, align: 'center', render: (v: number) => figure(v) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <strong>总分</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="center">
            100
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} colSpan={2} align="center">
            <GradeTag grade={sheet.grade} label={sheet.gradeLabel} />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="center">
            <strong>{figure(sheet.total)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** The head of a sheet: period, model, rank, grade thresholds. */
export function SheetSummary({ sheet }: { sheet: Sheet }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'name', label: sheet.subjectKindLabel, children: sheet.subjectName },
        { key: 'period', label: '评估期', children: `${sheet.period.label}（${sheet.period.statusLabel}）` },
        { key: 'total', label: '总分', children: `${figure(sheet.total)} 分，排名 ${sheet.rank} / ${sheet.of}` },
        { key: 'grade', label: '等级', children: <GradeTag grade={sheet.grade} label={sheet.gradeLabel} /> },
        { key: 'model', label: '评估模型', children: sheet.modelName },
        {
          key: 'grades',
          label: '等级门槛',
          children: sheet.grades.map((g) => `${g.grade}（${g.label}）≥ ${g.minScore}`).join('，'),
        },
        { key: 'computed', label: '计算时间', children: time(sheet.period.computedAt) },
      ]}
    />
  );
}

/** An export job: requested, its progress polled, then the download link. */
export function ExportButton({ label, request }: { label: string; request: () => Promise<Job> }) {
  const notify = useNotify();
  const [jobId, setJobId] = useState<string>();
  const start = useMutation({
    mutationFn: request,
    onSuccess: (job) => setJobId(job.id),
    onError: (err) => notify.fail(err),
  });
  const job = useQuery({
    queryKey: ['export', jobId],
    queryFn: () => unwrap(api.GET('/exports/{id}', { params: { path: { id: jobId! } } })),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 600),
  });
  const j = job.data;
  return (
    <Space aria-live="polite">
      {j?.status === 'done' && j.downloadUrl ? (
        <Button href={j.downloadUrl} download>
          下载{label}
        </Button>
      ) : (
        <Button loading={start.isPending || (!!jobId && j?.status !== 'failed')} onClick={() => start.mutate()}>
          {jobId && j?.status !== 'failed' ? '正在生成…' : `导出${label}`}
        </Button>
      )}
      {jobId && j && j.status !== 'done' && (
        <Progress
          percent={Math.round(j.progress * 100)}
          status={j.status === 'failed' ? 'exception' : 'active'}
          size="small"
          style={{ width: 120 }}
          aria-label="导出进度"
        />
      )}
      {j?.status === 'failed' && <span role="alert">{j.error ?? '导出失败，请重试'}</span>}
    </Space>
  );
}
