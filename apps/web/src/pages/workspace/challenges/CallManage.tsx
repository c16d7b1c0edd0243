import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ReasonField } from '../../../components/FormFields';
import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { ROLE_LABELS, wan } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { time, useNotify, useUrlState } from '../../../lib/workspace';
import { BidView } from './BidForm';
import CallInvitations from './CallInvitations';
import { type Bid, BidStatusTag, CallFacts, type Challenge, ChallengeStatusTag, type Review } from './shared';

const CallForm = lazy(() => import('./CallForm'));

const isStaffRole = (role?: string) => role === 'admin' || role === 'manager';

type Step = 'publish' | 'close' | 'start-review' | 'complete' | 'cancel';

const STEPS: Array<{ action: Step; label: string; confirm: string; danger?: boolean }> = [
  { action: 'publish', label: '发布榜单', confirm: '发布后榜单对外公开并开始接受揭榜方案，榜单内容不能再修改。' },
  { action: 'close', label: '截止揭榜', confirm: '截止后不再接受新方案，已提交的方案冻结。' },
  { action: 'start-review', label: '开始评审', confirm: '开始后评审专家可阅读方案并评分，专家名单不能再调整。' },
  { action: 'complete', label: '完成榜单', confirm: '全部攻关项目已验收或淘汰，确认完成本榜单？' },
  { action: 'cancel', label: '撤榜', confirm: '撤榜后本榜单终止，不可恢复。请填写撤榜原因：', danger: true },
];

/**
 * A call for staff: its facts, workflow steps, expert panel, bids with the review aggregates, award and projects. The
 * call's enterprise follows it here too, read-only, and sees the panel anonymised (评审专家名单保密).
 */
export default function CallManage() {
  const { id = '' } = useParams();
  const url = useUrlState();
  const tab = url.get('tab') ?? 'bids';
  const { modal } = App.useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const reason = useRef('');
  const staff = isStaffRole(useSession().me?.role);
  const call = useQuery({
    queryKey: ['challenge', id],
    queryFn: () => unwrap(api.GET('/challenges/{id}', { params: { path: { id } } })),
  });
  const step = useMutation({
    mutationFn: (action: Step) => {
      const params = { path: { id } };
      const body = { version: call.data?.version, reason: action === 'cancel' ? reason.current : undefined };
      switch (action) {
        case 'publish':
          return unwrap(api.POST('/challenges/{id}/publish', { params, body }));
        case 'close':
          return unwrap(api.POST('/challenges/{id}/close', { params, body }));
        case 'start-review':
          return unwrap(api.POST('/challenges/{id}/start-review', { params, body }));
        case 'complete':
          return unwrap(api.POST('/challenges/{id}/complete', { params, body }));
        case 'cancel':
          return unwrap(api.POST('/challenges/{id}/cancel', { params, body }));
      }
    },
    onSuccess: async (c) => {
      client.setQueryData(['challenge', id], c);
      await client.invalidateQueries({ queryKey: ['challenges'] });
      await client.invalidateQueries({ queryKey: ['review', id] });
      notify.ok(`榜单已${c.statusLabel === '揭榜中' ? '发布' : `进入“${c.statusLabel}”`}`);
    },
    onError: (err) => notify.fail(err),
  });

  if (call.isPending) return <PageLoading />;
  if (call.error || !call.data) return <ErrorState error={call.error} onRetry={() => void call.refetch()} />;
  const c = call.data;

  const confirmStep = (s: (typeof STEPS)[number]) => {
    reason.current = '';
    modal.confirm({
      title: `${s.label}？`,
      content:
        s.action === 'cancel' ? (
          <>
            <p>{s.confirm}</p>
            <Input.TextArea aria-label="撤榜原因" rows={3} onChange={(e) => (reason.current = e.target.value)} />
          </>
        ) : (
          s.confirm
        ),
      okText: `确认${s.label}`,
      okButtonProps: s.danger ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => step.mutateAsync(s.action),
    });
  };

  return (
    <div className="manager-page">
      <Breadcrumb
        items={[
          staff
            ? { title: <Link to="/workspace/challenges">揭榜挂帅</Link> }
            : { title: <Link to="/calls">榜单大厅</Link> },
          { title: '榜单详情' },
        ]}
      />
      <div className="page-head">
        <h1>{c.title}</h1>
        <Space wrap>
          <ChallengeStatusTag status={c.status} />
          {c.allowedActions.includes('edit') && <Button onClick={() => setEditing(true)}>编辑榜单</Button>}
          {STEPS.filter((s) => c.allowedActions.includes(s.action)).map((s) => (
            <Button
              key={s.action}
              type={s.danger ? 'default' : 'primary'}
              danger={s.danger}
              onClick={() => confirmStep(s)}
            >
              {s.label}
            </Button>
          ))}
        </Space>
      </div>
      <p className="note">
        出榜企业：{c.enterpriseName ?? '—'} · {c.mechanismLabel}
        {c.raceTeams ? `（${c.raceTeams} 支团队）` : ''} · 榜额 {wan(c.fundingTotal)} · 截止 {time(c.bidDeadline)} ·
        责任经理人：{c.managerName ?? '—'} · 方案 {c.bidCount ?? 0} 份
      </p>
      <Tabs
        activeKey={tab}
        onChange={(k) => url.update({ tab: k === 'bids' ? undefined : k })}
        items={[
          { key: 'bids', label: '揭榜方案与评审', children: <BidsAndReview call={c} /> },
          { key: 'experts', label: '评审专家', children: <Experts call={c} /> },
          { key: 'invitations', label: '邀请揭榜', children: <CallInvitations call={c} /> },
          { key: 'info', label: '榜单信息', children: <CallFacts call={c} /> },
        ]}
      />
      <Suspense fallback={null}>
        {editing && <CallForm call={c} onClose={() => setEditing(false)} onSaved={() => undefined} />}
      </Suspense>
    </div>
  );
}

function useReview(id: string) {
  return useQuery({
    queryKey: ['review', id],
    queryFn: () => unwrap(api.GET('/challenges/{id}/review', { params: { path: { id } } })),
  });
}

/** Every bid with its weighted mean, spread and rank; the award (one winner, or up to N for 赛马制). */
function BidsAndReview({ call }: { call: Challenge }) {
  const { modal } = App.useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const [winners, setWinners] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const bids = useQuery({
    queryKey: ['bids', call.id],
    queryFn: () => unwrap(api.GET('/challenges/{id}/bids', { params: { path: { id: call.id } } })),
  });
  const review = useReview(call.id);
  const max = call.mechanism === 'horse_race' ? (call.raceTeams ?? 1) : 1;
  const award = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/challenges/{id}/award', {
          params: { path: { id: call.id } },
          body: { bidIds: winners, version: call.version },
        }),
      ),
    onSuccess: async (c) => {
      client.setQueryData(['challenge', call.id], c);
      await client.invalidateQueries({ queryKey: ['bids', call.id] });
      await client.invalidateQueries({ queryKey: ['review', call.id] });
      await client.invalidateQueries({ queryKey: ['projects'] });
      await client.invalidateQueries({ queryKey: ['challenges'] });
      notify.ok('已定榜，攻关项目已创建');
    },
    onError: (err) => notify.fail(err),
  });
  if (bids.error) return <ErrorState error={bids.error} onRetry={() => void bids.refetch()} />;
  const summary = new Map((review.data?.bids ?? []).map((b) => [b.bidId, b]));
  const rows = [...(bids.data ?? [])].sort(
    (a, b) => (summary.get(a.id)?.rank ?? 999) - (summary.get(b.id)?.rank ?? 999),
  );
  const canAward = call.allowedActions.includes('award');
  return (
    <>
      {review.data && call.status === 'under_review' && (
        <Alert
          type={review.data.complete ? 'success' : 'info'}
          showIcon
          role="status"
          message={
            review.data.complete
              ? canAward
                ? '专家评审已完成，可以定榜'
                : '专家评审已完成，等待定榜'
              : `专家评审进行中：还有 ${(review.data.panel ?? []).reduce((n, p) => n + p.pending, 0)} 份评分未提交`
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<Bid>
        rowKey="id"
        loading={bids.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '暂无揭榜方案' }}
        rowSelection={
          canAward
            ? {
                type: max > 1 ? 'checkbox' : 'radio',
                selectedRowKeys: winners,
                onChange: (keys) => setWinners((keys as string[]).slice(0, max)),
                getCheckboxProps: (b) => ({
                  disabled: b.status !== 'submitted',
                  'aria-label': `选择${b.bidderName ?? '该方案'}为揭榜单位`,
                }),
              }
            : undefined
        }
        columns={[
          {
            title: '排名',
            key: 'rank',
            width: 70,
            render: (_: unknown, b) => summary.get(b.id)?.rank ?? '—',
          },
          {
            title: '揭榜单位',
            dataIndex: 'bidderName',
            render: (v: string | null, b) => (
              <Button type="link" className="link-button" onClick={() => setOpen(open === b.id ? null : b.id)}>
                {v ?? '—'}
                {b.consortiumName ? `（${b.consortiumName}）` : ''}
              </Button>
            ),
          },
          { title: '申请经费', dataIndex: 'requestedFunding', width: 110, render: (v: number) => wan(v) },
          {
            title: '加权均分',
            key: 'mean',
            width: 100,
            render: (_: unknown, b) => summary.get(b.id)?.mean ?? '—',
          },
          {
            title: '极差',
            key: 'spread',
            width: 80,
            render: (_: unknown, b) => summary.get(b.id)?.spread ?? '—',
          },
          {
            title: '评分进度',
            key: 'progress',
            width: 100,
            render: (_: unknown, b) => {
              const s = summary.get(b.id);
              return s ? `${s.scoreCount} / ${s.expected}` : '—';
            },
          },
          { title: '状态', dataIndex: 'status', width: 90, render: (_: unknown, b) => <BidStatusTag bid={b} /> },
        ]}
        expandable={{
          expandedRowKeys: open ? [open] : [],
          showExpandColumn: false,
          expandedRowRender: (b) => <BidView bid={b} />,
        }}
      />
      {canAward && (
        <div className="form-actions">
          <Button
            type="primary"
            disabled={winners.length === 0}
            loading={award.isPending}
            onClick={() =>
              modal.confirm({
                title: '确认定榜？',
                content: `将 ${rows
                  .filter((b) => winners.includes(b.id))
                  .map((b) => b.bidderName)
                  .join('、')} 确定为揭榜单位，其余方案为未入选；定榜后为每个入选方案创建攻关项目，不可撤销。`,
                okText: '确认定榜',
                cancelText: '取消',
                onOk: () => award.mutateAsync(),
              })
            }
          >
            定榜{max > 1 ? `（最多 ${max} 支团队）` : ''}
          </Button>
        </div>
      )}
      {['awarded', 'completed'].includes(call.status) && (
        <p>
          <Link to={`/workspace/challenges/projects?call=${call.id}`}>查看本榜单的攻关项目</Link>
        </p>
      )}
    </>
  );
}

type PanelMember = Schemas['ReviewPanelMemberDto'];

/** While the API lets an admin excuse an expert (批准免评). */
const EXCUSABLE = ['closed', 'under_review'];

/**
 * The expert panel: assign (until the review starts) and watch each expert's progress; an admin may excuse an expert
 * who has not scored yet (批准免评, with a recorded reason).
 */
function Experts({ call }: { call: Challenge }) {
  const notify = useNotify();
  const client = useQueryClient();
  const { me } = useSession();
  const review = useReview(call.id);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [excusing, setExcusing] = useState<PanelMember | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const excuse = useMutation({
    mutationFn: ({ userId, reason }: { userId: string; reason: string }) =>
      unwrap(
        api.POST('/challenges/{id}/reviewers/{userId}/excuse', {
          params: { path: { id: call.id, userId } },
          body: { reason },
        }),
      ),
    onSuccess: async (r: Review) => {
      client.setQueryData(['review', call.id], r);
      await client.invalidateQueries({ queryKey: ['challenge', call.id] });
      setExcusing(null);
      notify.ok('已批准该专家免评');
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['reason'])) notify.fail(err);
    },
  });
  const staff = isStaffRole(me?.role);
  const editable = staff && ['draft', 'published', 'closed'].includes(call.status);
  const users = useQuery({
    enabled: editable,
    queryKey: ['users', 'experts'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { pageSize: 100, expert: true } } })),
  });
  const assign = useMutation({
    mutationFn: (userIds: string[]) =>
      unwrap(
        api.PUT('/challenges/{id}/reviewers', {
          params: { path: { id: call.id } },
          body: { userIds, version: call.version },
        }),
      ),
    onSuccess: async (r: Review) => {
      client.setQueryData(['review', call.id], r);
      await client.invalidateQueries({ queryKey: ['challenge', call.id] });
      setChosen(null);
      notify.ok('评审专家已更新');
    },
    onError: (err) => notify.fail(err),
  });
  if (review.error) return <ErrorState error={review.error} onRetry={() => void review.refetch()} />;
  const panel = review.data?.panel ?? [];
  const value = chosen ?? panel.flatMap((p) => p.userId ?? []);
  const canExcuse = me?.role === 'admin' && EXCUSABLE.includes(call.status);
  return (
    <>
      {editable && (
        <div className="toolbar expert-picker">
          <Select
            mode="multiple"
            aria-label="评审专家"
            placeholder="选择评审专家（可输入姓名搜索）"
            style={{ minWidth: 420 }}
            optionFilterProp="label"
            loading={users.isPending}
            value={value}
            onChange={(v: string[]) => setChosen(v)}
            options={(users.data?.items ?? [])
              .filter((u) => u.active && u.organisationId !== call.enterpriseOrganisationId)
              .map((u) => ({
                value: u.id,
                label: `${u.name}（${ROLE_LABELS[u.role]}${u.id === me?.id ? '，本人' : ''}，${u.email}）`,
              }))}
          />
          <Button
            type="primary"
            disabled={!chosen || chosen.length === 0}
            loading={assign.isPending}
            onClick={() => chosen && assign.mutate(chosen)}
          >
            保存专家名单
          </Button>
        </div>
      )}
      {staff && !editable && <p className="note">评审已开始，专家名单不能再调整。</p>}
      {review.data?.view === 'enterprise' && (
        <p className="note">评审专家名单对出榜企业保密：专家以编号显示，仅公开评审进度，不显示姓名与免评原因。</p>
      )}
      <Table
        rowKey="label"
        loading={review.isPending}
        dataSource={panel}
        pagination={false}
        locale={{ emptyText: '尚未指定评审专家' }}
        columns={[
          { title: '专家', dataIndex: 'name', render: (v: string | null, p) => v ?? p.label },
          { title: '已评', dataIndex: 'scored', width: 90 },
          { title: '待评', dataIndex: 'pending', width: 90 },
          {
            title: '回避',
            width: 90,
            dataIndex: 'conflicts',
          },
          {
            title: '状态',
            dataIndex: 'excused',
            width: 160,
            render: (v: boolean, p) =>
              v ? <Tag>{p.excuseReason ? `已免评：${p.excuseReason}` : '已免评'}</Tag> : <Tag color="blue">参评</Tag>,
          },
          ...(canExcuse
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, p: PanelMember) =>
                    p.userId && !p.excused && p.scored === 0 ? (
                      <Button
                        size="small"
                        aria-label={`批准免评 ${p.name ?? '该专家'}`}
                        onClick={() => {
                          form.resetFields();
                          setExcusing(p);
                        }}
                      >
                        批准免评
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!excusing}
        title={excusing ? `批准免评：${excusing.name ?? '该专家'}` : ''}
        okText="批准免评"
        cancelText="取消"
        confirmLoading={excuse.isPending}
        onCancel={() => setExcusing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p className="note">免评后评审不再等待该专家评分，其评分不计入结果。免评原因记入榜单记录。</p>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => excusing?.userId && excuse.mutate({ userId: excusing.userId, reason: v.reason })}
        >
          <ReasonField label="免评原因" maxLength={2000} />
        </Form>
      </Modal>
    </>
  );
}
