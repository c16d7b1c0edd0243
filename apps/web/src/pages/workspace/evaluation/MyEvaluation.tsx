import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Space } from 'antd';

import { EmptyState, ErrorState, PageLoading } from '../../../components/states';
import { api, ApiError, unwrap } from '../../../lib/api';
import { useUrlState } from '../../../lib/workspace';
import { CriteriaTable, ExportButton, SheetSummary } from './shared';

/** 我的评估: a technology manager's own sheet in a published period — every criterion, so they see why. */
export default function MyEvaluation() {
  const url = useUrlState();
  const periods = useQuery({ queryKey: ['evaluations'], queryFn: () => unwrap(api.GET('/evaluations')) });
  const periodKey = url.get('period') ?? periods.data?.[0]?.periodKey;
  const sheet = useQuery({
    queryKey: ['evaluations', periodKey, 'mine'],
    enabled: !!periodKey,
    queryFn: () => unwrap(api.GET('/evaluations/{periodKey}/mine', { params: { path: { periodKey: periodKey! } } })),
  });
  const notEvaluated = sheet.error instanceof ApiError && sheet.error.status === 404;

  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>我的评估</h1>
      </div>
      <div className="toolbar" role="group" aria-label="评估期">
        <Select
          aria-label="评估期"
          placeholder="选择评估期"
          style={{ width: 220 }}
          value={periodKey}
          loading={periods.isPending}
          onChange={(v: string) => url.update({ period: v })}
          options={(periods.data ?? []).map((p) => ({ value: p.periodKey, label: p.label }))}
        />
        {sheet.data && (
          <ExportButton
            key={sheet.data.period.periodKey}
            label="评估表（xlsx）"
            request={() =>
              unwrap(
                api.POST('/evaluations/{periodKey}/sheets/{subjectKind}/{subjectId}/export', {
                  params: {
                    path: {
                      periodKey: sheet.data.period.periodKey,
                      subjectKind: 'manager',
                      subjectId: sheet.data.subjectId,
                    },
                  },
                }),
              )
            }
          />
        )}
      </div>
      {periods.error ? (
        <ErrorState error={periods.error} onRetry={() => void periods.refetch()} />
      ) : periods.isPending ? (
        <PageLoading />
      ) : !periods.data?.length ? (
        <EmptyState>还没有已发布的分级评估</EmptyState>
      ) : notEvaluated ? (
        <EmptyState>本期评估没有您的评估表（评估时没有在岗的技术经理人档案）</EmptyState>
      ) : sheet.error ? (
        <ErrorState error={sheet.error} onRetry={() => void sheet.refetch()} />
      ) : !sheet.data ? (
        <PageLoading />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            message="每项指标的原始值来自平台记录（精准匹配、签约、服务记录、活动后跟进、训练营、企业评价），标准化后乘以权重即为贡献分；各项贡献分之和为总分。"
          />
          <SheetSummary sheet={sheet.data} />
          <CriteriaTable sheet={sheet.data} />
        </Space>
      )}
    </div>
  );
}
