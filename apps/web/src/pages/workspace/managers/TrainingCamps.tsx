import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';

import { DateField, ManagerField } from '../../../components/FormFields';
import { ChainFilter, PageToolbar } from '../../../components/PageToolbar';
import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useSession } from '../../../lib/session';
import { day, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { type Camp, today, useManagerOptions } from './shared';

const PAGE_SIZE = 20;
type Enrolment = Camp['enrolments'][number];
type Session = Camp['sessions'][number];
type CampFields = Schemas['CreateCampDto'];
type SessionFields = Schemas['AddSessionDto'];
type AssessFields = Schemas['AssessmentDto'];

type Dialog =
  | { kind: 'session'; camp: Camp }
  | { kind: 'enrol'; camp: Camp }
  | { kind: 'attendance'; camp: Camp; enrolment: Enrolment }
  | { kind: 'assess'; camp: Camp; enrolment: Enrolment };

const TITLES: Record<Dialog['kind'], string> = {
  session: '登记场次',
  enrol: '报名',
  attendance: '记录出勤',
  assess: '评价与激励',
};

function CampDetail({ camp, staff, open }: { camp: Camp; staff: boolean; open: (d: Dialog) => void }) {
  const editable = staff && camp.status === 'open';
  return (
    <div className="camp-detail">
      {camp.description && <p>{camp.description}</p>}
      <Space className="toolbar" wrap>
        <h3 className="record-needs-title">场次（{camp.sessions.length}）</h3>
        {editable && (
          <Button size="small" onClick={() => open({ kind: 'session', camp })}>
            登记场次
          </Button>
        )}
      </Space>
      <Table<Session>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={camp.sessions}
        locale={{ emptyText: '尚未登记场次' }}
        columns={[
          { title: '日期', dataIndex: 'heldOn', width: 110, render: (v: string) => day(v) },
          { title: '形式', dataIndex: 'kindLabel', width: 70 },
          { title: '内容', dataIndex: 'title' },
          { title: '学时', dataIndex: 'hours', width: 70 },
        ]}
      />
      <Space className="toolbar" wrap>
        <h3 className="record-needs-title">学员（{camp.enrolments.length}）</h3>
        {editable && (
          <Button size="small" onClick={() => open({ kind: 'enrol', camp })}>
            报名
          </Button>
        )}
      </Space>
      <Table<Enrolment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={camp.enrolments}
        locale={{ emptyText: '尚无学员报名' }}
        columns={[
          { title: '学员', dataIndex: 'managerName', width: 100 },
          {
            title: '出勤',
            key: 'attendance',
            width: 100,
            render: (_: unknown, e: Enrolment) => `${e.attendedSessionIds.length}/${camp.sessions.length} 场`,
          },
          { title: '培训学时', dataIndex: 'trainingHours', width: 90 },
          { title: '实践学时', dataIndex: 'practiceHours', width: 90 },
          {
            title: '考核',
            key: 'assessment',
            render: (_: unknown, e: Enrolment) =>
              e.assessmentResultLabel ? (
                <>
                  {e.assessmentScore} 分 · {e.assessmentResultLabel}
                  {e.incentive && <Typography.Text type="secondary">（{e.incentive}）</Typography.Text>}
                </>
              ) : (
                '—'
              ),
          },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, e: Enrolment) => (
                    <Space size={4}>
                      <Button
                        size="small"
                        aria-label={`记录出勤 ${e.managerName}`}
                        onClick={() => open({ kind: 'attendance', camp, enrolment: e })}
                      >
                        出勤
                      </Button>
                      <Button
                        size="small"
                        aria-label={`评价 ${e.managerName}`}
                        onClick={() => open({ kind: 'assess', camp, enrolment: e })}
                      >
                        评价
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** 训练营 tab: camps per chain with sessions (培训/实践), enrolment, attendance and assessment (评价、激励). */
export function TrainingCamps() {
  const url = useUrlState();
  const { me } = useSession();
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const client = useQueryClient();
  const notify = useNotify();
  const chains = useChains();
  const managers = useManagerOptions();
  const { modal } = App.useApp();
  const chain = url.get('chain');
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [campForm] = Form.useForm<CampFields>();
  const [form] = Form.useForm();
  const list = useQuery({
    queryKey: ['training-camps', chain, url.page],
    queryFn: () =>
      unwrap(api.GET('/training-camps', { params: { query: { chain, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['training-camps'] });
  const create = useMutation({
    mutationFn: (v: CampFields) => unwrap(api.POST('/training-camps', { body: v })),
    onSuccess: async () => {
      notify.ok('训练营已组建');
      setCreating(false);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(campForm, err, ['title', 'industryChainId', 'description', 'startOn', 'endOn']))
        notify.fail(err);
    },
  });
  const act = useMutation({
    mutationFn: async ({ d, v }: { d: Dialog; v: Record<string, unknown> }) => {
      const path = { id: d.camp.id };
      switch (d.kind) {
        case 'session':
          return unwrap(api.POST('/training-camps/{id}/sessions', { params: { path }, body: v as SessionFields }));
        case 'enrol':
          return unwrap(
            api.POST('/training-camps/{id}/enrolments', {
              params: { path },
              body: { managerProfileId: v.managerProfileId as string },
            }),
          );
        case 'attendance':
          return unwrap(
            api.PUT('/training-camps/{id}/enrolments/{enrolmentId}/attendance', {
              params: { path: { ...path, enrolmentId: d.enrolment.id } },
              body: { sessionIds: (v.sessionIds as string[] | undefined) ?? [] },
            }),
          );
        case 'assess':
          return unwrap(
            api.POST('/training-camps/{id}/enrolments/{enrolmentId}/assessment', {
              params: { path: { ...path, enrolmentId: d.enrolment.id } },
              body: v as AssessFields,
            }),
          );
      }
    },
    onSuccess: async () => {
      notify.ok('已保存');
      setDialog(null);
      await refresh();
    },
    onError: (err) => {
      if (
        !showFieldErrors(form, err, [
          'kind',
          'title',
          'heldOn',
          'hours',
          'managerProfileId',
          'sessionIds',
          'score',
          'result',
          'comment',
          'incentive',
        ])
      )
        notify.fail(err);
    },
  });
  const close = useMutation({
    mutationFn: (c: Camp) =>
      unwrap(api.POST('/training-camps/{id}/close', { params: { path: { id: c.id } }, body: { version: c.version } })),
    onSuccess: async () => {
      notify.ok('已结营');
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const confirmClose = (c: Camp) =>
    modal.confirm({
      title: `“${c.title}”结营？`,
      content: '结营后不能再登记场次、报名、出勤或评价。',
      okText: '结营',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => close.mutateAsync(c).catch(() => undefined),
    });
  const openDialog = (d: Dialog) => {
    form.resetFields();
    if (d.kind === 'attendance') form.setFieldsValue({ sessionIds: d.enrolment.attendedSessionIds });
    if (d.kind === 'assess' && d.enrolment.assessmentResult)
      form.setFieldsValue({
        score: d.enrolment.assessmentScore,
        result: d.enrolment.assessmentResult,
        comment: d.enrolment.assessmentComment,
        incentive: d.enrolment.incentive,
      });
    if (d.kind === 'session') form.setFieldsValue({ kind: 'training', heldOn: today(), hours: 3 });
    setDialog(d);
  };

  return (
    <>
      <PageToolbar>
        <ChainFilter url={url} width={220} />
        {staff && (
          <Button type="primary" onClick={() => setCreating(true)}>
            组建训练营
          </Button>
        )}
      </PageToolbar>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Camp>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '还没有训练营' }}
          expandable={{ expandedRowRender: (c) => <CampDetail camp={c} staff={staff} open={openDialog} /> }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 期`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
          columns={[
            { title: '训练营', dataIndex: 'title' },
            { title: '产业链', key: 'chain', width: 160, render: (_: unknown, c: Camp) => c.industryChain.name },
            {
              title: '期间',
              key: 'period',
              width: 200,
              render: (_: unknown, c: Camp) => `${day(c.startOn)} 至 ${day(c.endOn)}`,
            },
            { title: '场次', key: 'sessions', width: 60, render: (_: unknown, c: Camp) => c.sessions.length },
            { title: '学员', key: 'enrolments', width: 60, render: (_: unknown, c: Camp) => c.enrolments.length },
            {
              title: '状态',
              dataIndex: 'statusLabel',
              width: 80,
              render: (v: string, c: Camp) => <ToneTag tone={c.status === 'open' ? 'info' : 'plain'}>{v}</ToneTag>,
            },
            ...(staff
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, c: Camp) =>
                      c.status === 'open' ? (
                        <Button size="small" danger aria-label={`结营 ${c.title}`} onClick={() => confirmClose(c)}>
                          结营
                        </Button>
                      ) : (
                        '—'
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={creating}
        title="组建训练营"
        okText="组建"
        cancelText="取消"
        confirmLoading={create.isPending}
        onCancel={() => setCreating(false)}
        onOk={() => campForm.submit()}
        destroyOnHidden
      >
        <Form<CampFields> form={campForm} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item name="title" label="训练营名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="industryChainId" label="产业链" rules={[{ required: true, message: '请选择产业链' }]}>
            <Select options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="description" label="说明">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space wrap>
            <DateField name="startOn" label="开始日期" />
            <DateField name="endOn" label="结束日期" />
          </Space>
        </Form>
      </Modal>
      <Modal
        open={!!dialog}
        title={
          dialog
            ? `${TITLES[dialog.kind]}：${'enrolment' in dialog ? dialog.enrolment.managerName : dialog.camp.title}`
            : ''
        }
        okText="保存"
        cancelText="取消"
        confirmLoading={act.isPending}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Record<string, unknown>) => dialog && act.mutate({ d: dialog, v })}
        >
          {dialog?.kind === 'session' && (
            <>
              <Form.Item name="kind" label="形式" rules={[{ required: true }]}>
                <Select
                  options={[
                    { value: 'training', label: '培训' },
                    { value: 'practice', label: '实践' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="title" label="内容" rules={[{ required: true, message: '请填写内容' }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Space wrap>
                <DateField name="heldOn" label="日期" notFuture />
                <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
                  <InputNumber min={0.5} max={24} step={0.5} />
                </Form.Item>
              </Space>
            </>
          )}
          {dialog?.kind === 'enrol' && (
            <ManagerField
              options={(managers.data ?? []).filter(
                (m) => !dialog.camp.enrolments.some((e) => e.managerProfileId === m.value),
              )}
            />
          )}
          {dialog?.kind === 'attendance' && (
            <Form.Item name="sessionIds" label="出勤的场次">
              <Checkbox.Group
                className="checkbox-column"
                options={dialog.camp.sessions.map((s) => ({
                  value: s.id,
                  label: `${day(s.heldOn)} ${s.kindLabel} ${s.title}（${s.hours} 学时）`,
                }))}
              />
            </Form.Item>
          )}
          {dialog?.kind === 'assess' && (
            <>
              <Space wrap>
                <Form.Item name="score" label="考核分" rules={[{ required: true, message: '请填写考核分' }]}>
                  <InputNumber min={0} max={100} />
                </Form.Item>
                <Form.Item name="result" label="结果" rules={[{ required: true, message: '请选择结果' }]}>
                  <Select
                    style={{ width: 120 }}
                    options={[
                      { value: 'excellent', label: '优秀' },
                      { value: 'pass', label: '合格' },
                      { value: 'fail', label: '不合格' },
                    ]}
                  />
                </Form.Item>
              </Space>
              <Form.Item name="comment" label="评语">
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              <Form.Item name="incentive" label="激励">
                <Input maxLength={500} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
