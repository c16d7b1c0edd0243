import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, ApiError, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { wan } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { day, errorText, useNotify } from '../../../lib/workspace';
import { type Bid, BidStatusTag, type Challenge, DeadlineText } from './shared';

interface Person {
  name: string;
  title: string;
  organisation?: string | null;
}

interface Fields {
  consortiumId?: string;
  approach: string;
  lead: Person;
  members?: Person[];
  milestones: Array<{ title: string; dueDate: Dayjs; deliverable: string }>;
  requestedFunding: number;
}

const FIELDS = ['approach', 'team', 'team.lead', 'milestones', 'requestedFunding', 'members', 'consortiumName'];

/**
 * 揭榜方案: a bidder's form on a call (new: ?call=…; existing: /workspace/my-bids/:bidId). Editable and withdrawable
 * until the deadline; afterwards read-only, and a late save shows the API's 409 message.
 */
export default function BidForm() {
  const { bidId } = useParams();
  const [params] = useSearchParams();
  const { me } = useSession();
  const navigate = useNavigate();
  const notify = useNotify();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [problem, setProblem] = useState<string | null>(null);

  const bid = useQuery({
    queryKey: ['bid', bidId],
    queryFn: () => unwrap(api.GET('/challenges/bids/{bidId}', { params: { path: { bidId: bidId! } } })),
    enabled: !!bidId,
  });
  const callId = bidId ? bid.data?.challengeId : (params.get('call') ?? undefined);
  const call = useQuery({
    queryKey: ['challenge', callId],
    queryFn: () => unwrap(api.GET('/challenges/{id}', { params: { path: { id: callId! } } })),
    enabled: !!callId,
  });
  const consortia = useQuery({
    queryKey: ['consortia', 'active'],
    queryFn: () => unwrap(api.GET('/challenges/consortia', { params: { query: { status: 'active', pageSize: 100 } } })),
  });
  const led = (consortia.data?.items ?? []).filter((c) => c.leadOrganisationId === me?.organisationId);

  useEffect(() => {
    const b = bid.data;
    if (!b) return;
    form.setFieldsValue({
      consortiumId: led.find((c) => c.name === b.consortiumName)?.id,
      approach: b.approach,
      lead: b.team.lead,
      members: b.team.members,
      milestones: b.milestones.map((m) => ({ ...m, dueDate: dayjs(m.dueDate) })),
      requestedFunding: b.requestedFunding,
    });
    // The consortium list only labels the choice; the form is filled once per bid version.
  }, [bid.data, consortia.data]);

  const save = useMutation({
    mutationFn: async (v: Fields) => {
      const consortium = led.find((c) => c.id === v.consortiumId);
      const body = {
        consortiumName: consortium?.name ?? null,
        members: consortium ? consortium.members.map((m) => ({ organisationId: m.organisationId, role: m.role })) : [],
        approach: v.approach,
        team: {
          lead: { ...v.lead, organisation: v.lead.organisation || null },
          members: (v.members ?? []).map((m) => ({ ...m, organisation: m.organisation || null })),
        },
        milestones: v.milestones.map((m) => ({
          title: m.title,
          dueDate: m.dueDate.format('YYYY-MM-DD'),
          deliverable: m.deliverable,
        })),
        requestedFunding: v.requestedFunding,
      };
      if (bidId) {
        return unwrap(
          api.PATCH('/challenges/bids/{bidId}', {
            params: { path: { bidId } },
            body: { ...body, version: bid.data?.version },
          }),
        );
      }
      return unwrap(api.POST('/challenges/{id}/bids', { params: { path: { id: callId! } }, body }));
    },
    onSuccess: async (b) => {
      setProblem(null);
      await client.invalidateQueries({ queryKey: ['bids'] });
      client.setQueryData(['bid', b.id], b);
      notify.ok(bidId ? '揭榜方案已保存' : '揭榜方案已提交');
      if (!bidId) navigate(`/workspace/my-bids/${b.id}`, { replace: true });
    },
    onError: (err) => {
      if (showFieldErrors(form, err, FIELDS)) return;
      setProblem(errorText(err));
    },
  });

  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/challenges/bids/{bidId}/withdraw', {
          params: { path: { bidId: bidId! } },
          body: { version: bid.data?.version },
        }),
      ),
    onSuccess: async (b) => {
      client.setQueryData(['bid', b.id], b);
      await client.invalidateQueries({ queryKey: ['bids'] });
      notify.ok('揭榜方案已撤回');
    },
    onError: (err) => setProblem(errorText(err)),
  });

  if ((bidId && bid.isPending) || (callId && call.isPending)) return <PageLoading />;
  if (bid.error) return <ErrorState error={bid.error} onRetry={() => void bid.refetch()} />;
  if (call.error) return <ErrorState error={call.error} onRetry={() => void call.refetch()} />;
  if (!callId || !call.data)
    return <ErrorState error={new ApiError(404, 'NOT_FOUND', '请从榜单大厅选择要揭的榜', undefined, [])} />;
  const c: Challenge = call.data;
  const b: Bid | undefined = bid.data;
  const editable = b ? b.allowedActions.includes('edit') : c.open;

  return (
    <div className="manager-page bid-form">
      <Breadcrumb
        items={[{ title: <Link to="/workspace/my-bids">我的揭榜</Link> }, { title: b ? '揭榜方案' : '提交揭榜方案' }]}
      />
      <div className="page-head">
        <h1>{b ? '揭榜方案' : '提交揭榜方案'}</h1>
        {b && <BidStatusTag bid={b} />}
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} className="facts">
        <Descriptions.Item label="榜单">
          <Link to={`/calls/${c.id}`}>{c.title}</Link>
        </Descriptions.Item>
        <Descriptions.Item label="出榜企业">{c.enterpriseName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="揭榜机制">{c.mechanismLabel}</Descriptions.Item>
        <Descriptions.Item label="榜额">{wan(c.fundingTotal)}</Descriptions.Item>
        <Descriptions.Item label="揭榜截止">
          <DeadlineText call={c} />
        </Descriptions.Item>
        {b && <Descriptions.Item label="提交时间">{day(b.submittedAt)}</Descriptions.Item>}
      </Descriptions>
      {!editable && (
        <Alert
          type="warning"
          showIcon
          role="status"
          message={
            b?.status === 'withdrawn'
              ? '该方案已撤回'
              : b && c.open && b.status === 'submitted'
                ? '方案由牵头单位维护，联合体成员单位只能查看'
                : b
                  ? '揭榜已截止，方案已冻结，不能再修改或撤回'
                  : `本榜单${c.statusLabel}，不再接受揭榜方案`
          }
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" message={problem} className="form-problem" />}
      {!editable && b ? (
        <BidView bid={b} />
      ) : editable ? (
        <Form<Fields>
          form={form}
          layout="vertical"
          className="challenge-form"
          initialValues={{ milestones: [{}], members: [] }}
          onFinish={(v) => save.mutate(v)}
          scrollToFirstError
        >
          {c.eligibility.consortiumAllowed && (
            <Form.Item
              name="consortiumId"
              label="以创新联合体牵头揭榜"
              extra={
                led.length
                  ? '选择本单位牵头的创新联合体，成员单位及分工随方案提交（「项目+课题」）'
                  : '本单位暂未牵头已登记的创新联合体，将以单一单位揭榜'
              }
            >
              <Select
                allowClear
                placeholder="以本单位名义揭榜"
                aria-label="以创新联合体牵头揭榜"
                options={led.map((x) => ({ value: x.id, label: x.name }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="approach"
            label="技术方案 / 技术路线"
            rules={[
              { required: true, message: '请填写技术方案' },
              { min: 20, message: '技术方案至少 20 个字' },
            ]}
          >
            <Input.TextArea rows={6} showCount maxLength={20000} />
          </Form.Item>
          <fieldset className="form-section">
            <legend>项目负责人</legend>
            <Space wrap align="start">
              <Form.Item name={['lead', 'name']} label="姓名" rules={[{ required: true, message: '请填写负责人姓名' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item
                name={['lead', 'title']}
                label="职称 / 职务"
                rules={[{ required: true, message: '请填写职称' }]}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name={['lead', 'organisation']} label="所在单位">
                <Input maxLength={100} />
              </Form.Item>
            </Space>
          </fieldset>
          <fieldset className="form-section">
            <legend>团队成员</legend>
            <Form.List name="members">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} wrap align="start">
                      <Form.Item
                        name={[f.name, 'name']}
                        label={`成员 ${i + 1} 姓名`}
                        rules={[{ required: true, message: '请填写姓名' }]}
                      >
                        <Input maxLength={50} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'title']}
                        label={`成员 ${i + 1} 职称`}
                        rules={[{ required: true, message: '请填写职称' }]}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'organisation']} label={`成员 ${i + 1} 单位`}>
                        <Input maxLength={100} />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)} className="row-remove">
                        删除成员 {i + 1}
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({})}>添加团队成员</Button>
                </>
              )}
            </Form.List>
          </fieldset>
          <fieldset className="form-section">
            <legend>里程碑计划</legend>
            <Form.List name="milestones">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} wrap align="start">
                      <Form.Item
                        name={[f.name, 'title']}
                        label={`里程碑 ${i + 1}`}
                        rules={[{ required: true, message: '请填写里程碑名称' }]}
                      >
                        <Input maxLength={200} style={{ width: 240 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'dueDate']}
                        label={`里程碑 ${i + 1} 完成日期`}
                        rules={[{ required: true, message: '请选择完成日期' }]}
                      >
                        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'deliverable']}
                        label={`里程碑 ${i + 1} 交付物`}
                        rules={[{ required: true, message: '请填写交付物' }]}
                      >
                        <Input maxLength={500} style={{ width: 280 }} />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button onClick={() => remove(f.name)} className="row-remove">
                          删除里程碑 {i + 1}
                        </Button>
                      )}
                    </Space>
                  ))}
                  <Button onClick={() => add({})}>添加里程碑</Button>
                </>
              )}
            </Form.List>
          </fieldset>
          <Form.Item
            name="requestedFunding"
            label="申请经费（万元）"
            extra={`不超过榜额 ${wan(c.fundingTotal)}`}
            rules={[{ required: true, message: '请填写申请经费' }]}
          >
            <InputNumber min={0.01} max={c.fundingTotal} precision={2} style={{ width: 200 }} suffix="万元" />
          </Form.Item>
          <div className="form-actions">
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {b ? '保存修改' : '提交揭榜方案'}
            </Button>
            {b?.allowedActions.includes('withdraw') && (
              <Button
                danger
                loading={withdraw.isPending}
                onClick={() =>
                  modal.confirm({
                    title: '撤回揭榜方案？',
                    content: '撤回后方案不再参加评审；截止前可以重新提交新的方案。',
                    okText: '确认撤回',
                    okButtonProps: { danger: true },
                    cancelText: '取消',
                    onOk: () => withdraw.mutateAsync(),
                  })
                }
              >
                撤回方案
              </Button>
            )}
          </div>
        </Form>
      ) : null}
    </div>
  );
}

/** A bid read-only: after the deadline, once withdrawn, or for staff and experts. */
export function BidView({ bid }: { bid: Bid }) {
  return (
    <div className="bid-view">
      <Descriptions bordered size="small" column={1} className="facts">
        <Descriptions.Item label="揭榜单位">
          {bid.bidderName ?? '—'}
          {bid.consortiumName ? `（牵头 ${bid.consortiumName}）` : ''}
        </Descriptions.Item>
        {bid.members.length > 0 && (
          <Descriptions.Item label="联合体成员">
            {bid.members.map((m) => `${m.organisationName ?? '—'}：${m.role}`).join('；')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="项目负责人">
          {bid.team.lead.name}（{bid.team.lead.title}
          {bid.team.lead.organisation ? `，${bid.team.lead.organisation}` : ''}）
        </Descriptions.Item>
        <Descriptions.Item label="团队成员">
          {bid.team.members.map((m) => `${m.name}（${m.title}）`).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="申请经费">{wan(bid.requestedFunding)}</Descriptions.Item>
      </Descriptions>
      <h2>技术方案</h2>
      <p className="prose">{bid.approach}</p>
      <h2>里程碑计划</h2>
      <Table
        rowKey="title"
        size="small"
        pagination={false}
        dataSource={bid.milestones}
        columns={[
          { title: '里程碑', dataIndex: 'title' },
          { title: '完成日期', dataIndex: 'dueDate', width: 120 },
          { title: '交付物', dataIndex: 'deliverable' },
        ]}
      />
    </div>
  );
}
