import { Descriptions, Table, Tag, Typography } from 'antd';

import { ExportJobButton } from '../../../components/ExportJobButton';
import { type Schemas } from '../../../lib/api';
import { time } from '../../../lib/workspace';

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

/** An export job of the evaluation pages: 导出… then 下载… (one among the page's other actions). */
export function ExportButton({ label, request }: { label: string; request: () => Promise<Job> }) {
  return (
    <ExportJobButton variant="inline" request={request} startLabel={`导出${label}`} downloadLabel={`下载${label}`} />
  );
}
