import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Progress, Select, Space, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { UnderstoodFilters } from '../../../components/UnderstoodFilters';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  DEMAND_STATUS_LABELS,
  label,
  MATURITY_STAGE_LABELS,
  wan,
} from '../../../lib/labels';
import { day, time, useNotify, useUrlState } from '../../../lib/workspace';

type Demand = Schemas['DemandResponseDto'];
type DemandStatus = Demand['status'];

const PAGE_SIZE = 20;

function QualityScore({ score }: { score: number | undefined }) {
  if (score === undefined) return <>—</>;
  const color = score >= 80 ? '#15803d' : score >= 60 ? '#b45309' : '#b91c1c';
  return (
    <span className="quality-score">
      <Progress
        type="circle"
        percent={score}
        size={36}
        strokeColor={color}
        format={(p) => p}
        aria-label={`质量分 ${score}`}
      />
    </span>
  );
}

/** 需求管理: the 审核队列 (submitted demands, best-specified first) and the full list with a status filter. */
export default function ReviewQueue() {
  const url = useUrlState();
  const view = url.get('view') === 'all' ? 'all' : 'queue';
  const status = url.get('status') as DemandStatus | undefined;
  const q = url.get('q');
  const understand = url.get('understand') === 'false' ? false : undefined;
  const openId = url.get('open');

  const list = useQuery({
    queryKey: ['demands', view, status, q, understand, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/demands', {
          params: {
            query:
              view === 'queue'
                ? {
                    status: ['submitted'],
                    sort: 'quality',
                    order: 'desc',
                    page: url.page,
                    pageSize: PAGE_SIZE,
                    q,
                    understand,
                  }
                : {
                    status: status ? [status] : undefined,
                    sort: 'updatedAt',
                    order: 'desc',
                    page: url.page,
                    pageSize: PAGE_SIZE,
                    q,
                    understand,
                  },
          },
        }),
      ),
  });

  const columns = [
    {
      title: '需求名称',
      dataIndex: 'title',
      render: (title: string, d: Demand) => <Link to={url.href({ open: d.id })}>{title}</Link>,
    },
    { title: '需求企业', dataIndex: 'ownerOrganisationName', width: 200, render: (v: string | null) => v ?? '—' },
    {
      title: '产业链',
      dataIndex: 'industryChains',
      width: 160,
      render: (chains: Demand['industryChains']) => chains.map((c) => c.name).join('、') || '—',
    },
    {
      title: '质量分',
      dataIndex: 'qualityScore',
      width: 90,
      render: (score: number | undefined) => <QualityScore score={score} />,
    },
    view === 'queue'
      ? { title: '提交时间', dataIndex: 'submittedAt', width: 120, render: (v: string | null) => day(v) }
      : {
          title: '状态',
          dataIndex: 'status',
          width: 120,
          render: (s: DemandStatus) => <Tag>{DEMAND_STATUS_LABELS[s]}</Tag>,
        },
  ];

  return (
    <div className="manager-page">
      <h1>需求管理</h1>
      <Tabs
        activeKey={view}
        onChange={(key) => url.update({ view: key === 'all' ? 'all' : undefined, status: undefined, open: undefined })}
        items={[
          { key: 'queue', label: '审核队列' },
          { key: 'all', label: '全部需求' },
        ]}
      />
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          allowClear
          placeholder="可直接提问，如：周市的新材料需求"
          aria-label="搜索需求"
          style={{ width: 320 }}
          onSearch={(v) => url.update({ q: v.trim() || undefined })}
        />
        {view === 'all' && (
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="需求状态"
            style={{ width: 160 }}
            value={status}
            onChange={(v: string | undefined) => url.update({ status: v })}
            options={Object.entries(DEMAND_STATUS_LABELS).map(([value, text]) => ({ value, label: text }))}
          />
        )}
        {view === 'queue' && <span className="toolbar-note">待审核需求按质量分从高到低排列</span>}
      </div>
      <div className="list-understood">
        <UnderstoodFilters
          understood={list.data?.understood}
          off={understand === false && !!q}
          update={(patch) => url.update(patch)}
          noun="需求"
        />
      </div>
      {list.isPending ? (
        <PageLoading />
      ) : list.error || !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Demand>
          rowKey="id"
          columns={columns}
          dataSource={list.data.items}
          loading={list.isFetching}
          locale={{ emptyText: view === 'queue' ? '审核队列为空：暂无待审核的需求' : '没有符合条件的需求' }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data.total,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 项`,
            onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
          }}
        />
      )}
      <DemandReview id={openId} onClose={() => url.update({ open: undefined }, true)} />
    </div>
  );
}

/** One demand in full, with 发布 and 退回修改 while it waits for review. */
function DemandReview({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ reason: string; diagnosis?: string }>();
  const demand = useQuery({
    queryKey: ['demand', id],
    queryFn: () => unwrap(api.GET('/demands/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

  const act = useMutation({
    mutationFn: (input: { action: 'publish' | 'return'; reason?: string; diagnosis?: string }) =>
      unwrap(
        api.POST('/demands/{id}/{action}', {
          params: { path: { id: id!, action: input.action } },
          body: { reason: input.reason, diagnosis: input.diagnosis || undefined, version: demand.data?.version },
        }),
      ),
    onSuccess: async (_, input) => {
      notify.ok(input.action === 'publish' ? '需求已发布' : '已退回企业修改');
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['demands'] });
      await client.invalidateQueries({ queryKey: ['demand', id] });
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['reason', 'diagnosis'])) notify.fail(err);
    },
  });

  const publish = () =>
    modal.confirm({
      title: '确认发布该需求？',
      content: '发布后需求将在需求大厅公开展示（预算和联系方式仍保密），并进入匹配推荐。',
      okText: '确认发布',
      cancelText: '取消',
      onOk: () => act.mutateAsync({ action: 'publish' }).catch(() => undefined),
    });

  const d = demand.data;
  return (
    <Drawer
      open={!!id}
      onClose={() => {
        form.resetFields();
        onClose();
      }}
      width={760}
      title={d ? d.title : '需求详情'}
      destroyOnHidden
    >
      {demand.isPending ? (
        <PageLoading />
      ) : demand.error || !d ? (
        <ErrorState error={demand.error} onRetry={() => void demand.refetch()} />
      ) : (
        <div className="review">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag>{DEMAND_STATUS_LABELS[d.status]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="需求类型">{label(DEMAND_KIND_LABELS, d.kind)}</Descriptions.Item>
            <Descriptions.Item label="需求企业">{d.ownerOrganisationName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="产业链">
              {d.industryChains.map((c) => c.name).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="可接受成熟度">{label(MATURITY_STAGE_LABELS, d.requiredStage)}</Descriptions.Item>
            <Descriptions.Item label="合作方式">
              {d.cooperationModes.map((m) => COOPERATION_MODE_LABELS[m]).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="截止日期">{day(d.deadline)}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{time(d.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="需求描述" span={2}>
              <div className="pre">{d.description}</div>
            </Descriptions.Item>
            <Descriptions.Item label="技术指标" span={2}>
              <div className="pre">{d.technicalIndicators || '—'}</div>
            </Descriptions.Item>
            <Descriptions.Item label="预期目标" span={2}>
              <div className="pre">{d.expectedOutcome || '—'}</div>
            </Descriptions.Item>
            <Descriptions.Item label="预算（保密）">
              {d.budgetMin == null && d.budgetMax == null ? '面议' : `${wan(d.budgetMin)} – ${wan(d.budgetMax)}`}
            </Descriptions.Item>
            <Descriptions.Item label="联系人（保密）">
              {[d.contactName, d.contactPhone, d.contactEmail].filter(Boolean).join(' · ') || '—'}
            </Descriptions.Item>
          </Descriptions>

          {d.quality && (
            <section className="review-quality" aria-label="需求质量">
              <h2>
                需求质量 <QualityScore score={d.quality.score} />
              </h2>
              {d.quality.hints.length === 0 ? (
                <p>各项信息完整、具体。</p>
              ) : (
                <ul>
                  {d.quality.hints.map((h) => (
                    <li key={h.rule}>
                      {h.message}（+{h.points} 分）
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}

          {d.lastReturn && (
            <Alert
              type="warning"
              showIcon
              message={`上次退回（${time(d.lastReturn.at)}，${d.lastReturn.by.name}）：${d.lastReturn.reason}`}
              description={d.lastReturn.diagnosis ? `二次诊断：${d.lastReturn.diagnosis}` : undefined}
            />
          )}

          {d.status === 'submitted' && (
            <section className="review-actions" aria-label="审核操作">
              <h2>审核</h2>
              <Form
                form={form}
                layout="vertical"
                onFinish={(v) => act.mutate({ action: 'return', reason: v.reason, diagnosis: v.diagnosis })}
              >
                <Form.Item
                  name="reason"
                  label="退回原因"
                  extra="企业可见：说明需要修改的地方，退回时必填。"
                  rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} placeholder="例如：请补充量化的技术指标" />
                </Form.Item>
                <Form.Item
                  name="diagnosis"
                  label="二次诊断（选填）"
                  extra="需要企业澄清或补充的内容，与退回原因一起展示给企业。"
                >
                  <Input.TextArea rows={3} maxLength={2000} placeholder="例如：“高精度”请量化为回差、传动精度等指标" />
                </Form.Item>
                <Space>
                  <Button
                    type="primary"
                    onClick={publish}
                    loading={act.isPending && act.variables?.action === 'publish'}
                  >
                    发布
                  </Button>
                  <Button danger htmlType="submit" loading={act.isPending && act.variables?.action === 'return'}>
                    退回修改
                  </Button>
                </Space>
              </Form>
            </section>
          )}
        </div>
      )}
    </Drawer>
  );
}
