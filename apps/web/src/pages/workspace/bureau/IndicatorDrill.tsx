import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Table, Tag } from 'antd';
import { Link } from 'react-router';

import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { label, MATCH_STATUS_LABELS } from '../../../lib/labels';
import { day, useChains } from '../../../lib/workspace';
import { amount, type Figure, percent, recordHref, StatusTag } from './shared';

type IndicatorRecord = Schemas['IndicatorRecordDto'];
type PipelineRecord = Schemas['PipelineRecordDto'];

const PAGE_SIZE = 20;

const SUBJECT_LABELS: Record<string, string> = {
  demand: '技术需求',
  achievement: '科技成果',
  match: '需求—成果对',
  activity: '活动',
  organisation: '单位',
  user: '用户',
};

const STAGE_LABELS: Record<string, string> = {
  suggested: '推荐',
  confirmed: '确认',
  contacted: '已联系',
  negotiating: '洽谈',
  contracted: '签约',
};

/** The records that make a figure (or a stage of the funnel), each with a link, and the counting rule. */
export default function IndicatorDrill({
  year,
  figure,
  stage,
  chain,
  district,
  page,
  onPage,
  onFilter,
  onClose,
}: {
  year: number;
  figure?: Figure;
  stage?: string;
  chain?: string;
  district?: string;
  page: number;
  onPage: (page: number) => void;
  onFilter: (patch: { chain?: string; district?: string }) => void;
  onClose: () => void;
}) {
  const chains = useChains();
  const key = figure?.key;
  const records = useQuery({
    queryKey: ['indicators', 'records', key, year, chain, district, page],
    enabled: !!key,
    queryFn: () =>
      unwrap(
        api.GET('/indicators/{key}/records', {
          params: { path: { key: key! }, query: { year, chainId: chain, district, page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  const stageRecords = useQuery({
    queryKey: ['indicators', 'pipeline', 'records', stage, year, page],
    enabled: !!stage,
    queryFn: () =>
      unwrap(
        api.GET('/indicators/pipeline/records', {
          params: {
            query: {
              stage: stage as Schemas['PipelineStageDto']['stage'],
              year,
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
  });

  const title = figure
    ? `${figure.name}：构成数值的记录`
    : `对接漏斗“${STAGE_LABELS[stage ?? ''] ?? stage}”阶段的需求—成果对`;
  const chainName = chain ? (chains.data?.find((c) => c.id === chain)?.name ?? '所选产业链') : undefined;

  const observedColumns = [
    {
      title: '记录',
      dataIndex: 'title',
      render: (t: string, r: IndicatorRecord) => {
        const href = recordHref(r.subjectType, r.subjectId, t);
        return href ? <Link to={href}>{t}</Link> : t;
      },
    },
    { title: '类型', dataIndex: 'subjectType', width: 100, render: (v: string) => SUBJECT_LABELS[v] ?? v },
    { title: '计入日期', dataIndex: 'occurredAt', width: 110, render: (v: string) => day(v) },
    {
      title: '产业链',
      dataIndex: 'chains',
      width: 180,
      render: (cs: IndicatorRecord['chains']) => (cs?.length ? cs.map((c) => c.name).join('、') : '—'),
    },
    { title: '区镇', dataIndex: 'district', width: 100, render: (v: string | null) => v ?? '未填写' },
  ];
  const reportedColumns = [
    { title: '数值', dataIndex: 'value', width: 80, render: (v: number) => amount(v) },
    { title: '数据截至', dataIndex: 'asOf', width: 110 },
    { title: '佐证说明', dataIndex: 'evidence' },
    {
      title: '佐证材料',
      dataIndex: 'evidenceUrl',
      width: 100,
      render: (v: string | null) => (v ? <a href={v}>下载</a> : '未上传'),
    },
    { title: '状态', dataIndex: 'statusLabel', width: 90 },
    { title: '审核意见', dataIndex: 'reviewNote', width: 140, render: (v: string | null) => v ?? '—' },
  ];
  const pipelineColumns = [
    {
      title: '需求 ↔ 成果',
      key: 'pair',
      render: (_: unknown, r: PipelineRecord) => (
        <Link to={`/workspace/matches?match=${r.id}`}>
          {r.demandTitle} ↔ {r.achievementTitle}
        </Link>
      ),
    },
    { title: '当前阶段', dataIndex: 'status', width: 100, render: (v: string) => label(MATCH_STATUS_LABELS, v) },
    {
      title: '来源',
      dataIndex: 'origin',
      width: 90,
      render: (v: string) => (v === 'manual' ? '人工配对' : '系统推荐'),
    },
    { title: '产生日期', dataIndex: 'createdAt', width: 110, render: (v: string) => day(v) },
    { title: '确认日期', dataIndex: 'confirmedAt', width: 110, render: (v: string | null) => day(v) },
  ];

  const query = figure ? records : stageRecords;
  const rule = figure ? (records.data?.countingRule ?? figure.countingRule) : stageRecords.data?.rule;

  return (
    <Drawer open width={920} title={title} onClose={onClose} destroyOnHidden rootClassName="bureau-drawer">
      {figure && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} className="drill-summary">
          <Descriptions.Item label={`${year} 年实际`}>
            {amount(figure.actual)} {figure.unit}
          </Descriptions.Item>
          <Descriptions.Item label="目标">
            {figure.target === null ? '—' : `${amount(figure.target)} ${figure.unit}`}
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            <StatusTag status={figure.status} />
          </Descriptions.Item>
          <Descriptions.Item label="完成进度">{percent(figure.progress)}</Descriptions.Item>
          <Descriptions.Item label="序时进度">{percent(figure.expectedProgress)}</Descriptions.Item>
          <Descriptions.Item label="口径">
            {figure.accumulationLabel}，{figure.sourceLabel}
          </Descriptions.Item>
        </Descriptions>
      )}
      {rule && <Alert type="info" showIcon className="drill-rule" message="计数规则" description={rule} />}
      {(chainName || district) && (
        <div className="drill-filters" aria-label="当前筛选">
          {chainName && (
            <Tag closable onClose={() => onFilter({ chain: undefined })}>
              产业链：{chainName}
            </Tag>
          )}
          {district && (
            <Tag closable onClose={() => onFilter({ district: undefined })}>
              区镇：{district}
            </Tag>
          )}
        </div>
      )}
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : figure ? (
        <Table<IndicatorRecord>
          rowKey={(r) => r.subjectId ?? r.id ?? ''}
          size="small"
          loading={records.isPending}
          dataSource={records.data?.items ?? []}
          columns={figure.source === 'reported' ? reportedColumns : observedColumns}
          locale={{ emptyText: '没有记录' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: records.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            onChange: onPage,
          }}
        />
      ) : (
        <Table<PipelineRecord>
          rowKey="id"
          size="small"
          loading={stageRecords.isPending}
          dataSource={stageRecords.data?.items ?? []}
          columns={pipelineColumns}
          locale={{ emptyText: '没有记录' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: stageRecords.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 对`,
            onChange: onPage,
          }}
        />
      )}
    </Drawer>
  );
}
