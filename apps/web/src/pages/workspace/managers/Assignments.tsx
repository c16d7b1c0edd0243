import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { DateField, ManagerField, ReasonField } from '../../../components/FormFields';
import { PageToolbar, urlPagination, UrlSelect } from '../../../components/PageToolbar';
import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useSession } from '../../../lib/session';
import { day, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import {
  type Assignment,
  ASSIGNMENT_KIND_LABELS,
  type AssignmentKind,
  options,
  OrganisationSelect,
  today,
  useManagerOptions,
  useMyProfile,
} from './shared';

const PAGE_SIZE = 20;
type CreateFields = Schemas['CreateAssignmentDto'];
type ReassignFields = Schemas['ReassignDto'];

/** 服务对象: 一对一 enterprises and 驻校 universities with their history; staff assign and hand over. */
export default function Assignments() {
  const url = useUrlState();
  const { me } = useSession();
  const isManager = me?.role === 'manager';
  const mine = useMyProfile(isManager);
  const scope = isManager && url.get('scope') !== 'all' ? 'mine' : 'all';
  const kind = url.get('kind') as AssignmentKind | undefined;
  const status = url.get('status') as Assignment['status'] | undefined;
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const managers = useManagerOptions();
  const [creating, setCreating] = useState(false);
  const [handover, setHandover] = useState<Assignment | null>(null);
  const [ending, setEnding] = useState<Assignment | null>(null);
  const [createForm] = Form.useForm<CreateFields>();
  const [handoverForm] = Form.useForm<ReassignFields>();
  const [endForm] = Form.useForm<{ endOn: string; reason: string }>();
  const createKind = Form.useWatch('kind', createForm);
  const profileId = scope === 'mine' ? mine.data?.id : undefined;

  const list = useQuery({
    queryKey: ['assignments', scope, profileId, kind, status, url.page],
    enabled: scope === 'all' || mine.isSuccess,
    queryFn: () =>
      scope === 'mine' && !profileId
        ? Promise.resolve({ items: [], total: 0, page: 1, pageSize: PAGE_SIZE })
        : unwrap(
            api.GET('/assignments', {
              params: { query: { managerProfileId: profileId, kind, status, page: url.page, pageSize: PAGE_SIZE } },
            }),
          ),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['assignments'] });

  const create = useMutation({
    mutationFn: (v: CreateFields) => unwrap(api.POST('/assignments', { body: v })),
    onSuccess: async (a) => {
      notify.ok(`已分配：${a.manager.name} → ${a.organisationName}`);
      setCreating(false);
      createForm.resetFields();
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(createForm, err, ['managerProfileId', 'kind', 'organisationId', 'startOn', 'note']))
        notify.fail(err);
    },
  });
  const reassign = useMutation({
    mutationFn: ({ a, v }: { a: Assignment; v: ReassignFields }) =>
      unwrap(
        api.POST('/assignments/{id}/reassign', {
          params: { path: { id: a.id } },
          body: { ...v, version: a.version },
        }),
      ),
    onSuccess: async (a) => {
      notify.ok(`${a.organisationName} 已交由 ${a.manager.name} 服务`);
      setHandover(null);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(handoverForm, err, ['managerProfileId', 'handoverOn', 'reason'])) notify.fail(err);
    },
  });
  const end = useMutation({
    mutationFn: ({ a, v }: { a: Assignment; v: { endOn: string; reason: string } }) =>
      unwrap(api.POST('/assignments/{id}/end', { params: { path: { id: a.id } }, body: { ...v, version: a.version } })),
    onSuccess: async () => {
      notify.ok('服务已结束');
      setEnding(null);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(endForm, err, ['endOn', 'reason'])) notify.fail(err);
    },
  });

  const confirmHandover = (a: Assignment, v: ReassignFields) => {
    const next = managers.data?.find((m) => m.value === v.managerProfileId)?.label ?? '';
    modal.confirm({
      title: `将“${a.organisationName}”交由 ${next} 服务？`,
      content: `${a.manager.name} 的服务在 ${v.handoverOn} 结束，${next} 自当天开始；原分配保留在历史中。`,
      okText: '确认更换',
      cancelText: '取消',
      onOk: () => reassign.mutateAsync({ a, v }).catch(() => undefined),
    });
  };
  const confirmEnd = (a: Assignment, v: { endOn: string; reason: string }) =>
    modal.confirm({
      title: `结束 ${a.manager.name} 对“${a.organisationName}”的服务？`,
      content: '结束后不能恢复，可重新分配。',
      okText: '结束服务',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => end.mutateAsync({ a, v }).catch(() => undefined),
    });

  const columns = [
    {
      title: '服务对象',
      dataIndex: 'organisationName',
      render: (name: string, a: Assignment) =>
        a.kind === 'enterprise' ? (
          <Link to={`/workspace/service-records/demand-list/${a.organisationId}`} aria-label={`${name} 的需求清单`}>
            {name}
          </Link>
        ) : (
          name
        ),
    },
    { title: '类型', dataIndex: 'kindLabel', width: 150 },
    { title: '技术经理人', key: 'manager', width: 110, render: (_: unknown, a: Assignment) => a.manager.name },
    {
      title: '期间',
      key: 'period',
      width: 210,
      render: (_: unknown, a: Assignment) => `${day(a.startOn)} 至 ${a.endOn ? day(a.endOn) : '今'}`,
    },
    {
      title: '状态',
      dataIndex: 'statusLabel',
      width: 90,
      render: (v: string, a: Assignment) => <ToneTag tone={a.status === 'active' ? 'ok' : 'plain'}>{v}</ToneTag>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_: unknown, a: Assignment) => (
        <Space size={4} wrap>
          <Link to={`/workspace/service-records?org=${a.organisationId}`}>服务记录</Link>
          {a.status === 'active' && (
            <>
              <Button
                size="small"
                onClick={() => {
                  handoverForm.resetFields();
                  setHandover(a);
                }}
                aria-label={`更换 ${a.organisationName} 的技术经理人`}
              >
                更换
              </Button>
              <Button
                size="small"
                danger
                onClick={() => {
                  endForm.resetFields();
                  setEnding(a);
                }}
                aria-label={`结束 ${a.organisationName} 的服务`}
              >
                结束
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="managers-page">
      <div className="page-head">
        <h1>服务对象</h1>
        <Button type="primary" onClick={() => setCreating(true)}>
          分配技术经理人
        </Button>
      </div>
      <p className="page-intro">
        龙头企业一对一服务（每家企业同时只有一位技术经理人）与驻校服务；更换或结束后原分配保留在历史中。
      </p>
      <PageToolbar>
        {isManager && (
          <Select
            aria-label="范围"
            style={{ width: 140 }}
            value={scope}
            onChange={(v) => url.update({ scope: v === 'all' ? 'all' : undefined })}
            options={[
              { value: 'mine', label: '我的服务对象' },
              { value: 'all', label: '全部分配' },
            ]}
          />
        )}
        <UrlSelect
          url={url}
          param="kind"
          label="服务类型"
          placeholder="全部类型"
          width={180}
          options={options(ASSIGNMENT_KIND_LABELS)}
        />
        <UrlSelect
          url={url}
          param="status"
          label="状态"
          placeholder="全部状态"
          width={120}
          options={[
            { value: 'active', label: '服务中' },
            { value: 'ended', label: '已结束' },
          ]}
        />
      </PageToolbar>
      {scope === 'mine' && mine.data === null && (
        <p className="page-intro">
          尚未建立技术经理人档案，<Link to="/workspace/my-profile">去建档</Link>。
        </p>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Assignment>
          rowKey="id"
          size="small"
          loading={list.isPending && list.fetchStatus !== 'idle'}
          dataSource={list.data?.items ?? []}
          columns={columns}
          expandable={{
            expandedRowRender: (a) => (
              <div className="record-detail">
                <p>
                  <Typography.Text type="secondary">服务内容：</Typography.Text>
                  {a.note || '—'}
                </p>
                {a.endReason && (
                  <p>
                    <Typography.Text type="secondary">结束原因：</Typography.Text>
                    {a.endReason}
                  </p>
                )}
                {a.previousAssignmentId && <p>接替此前的技术经理人（原分配保留在历史中）。</p>}
              </div>
            ),
          }}
          locale={{ emptyText: '没有服务分配' }}
          pagination={urlPagination(url, list.data?.total, PAGE_SIZE)}
        />
      )}
      <Modal
        open={creating}
        title="分配技术经理人"
        okText="分配"
        cancelText="取消"
        confirmLoading={create.isPending}
        onCancel={() => setCreating(false)}
        onOk={() => createForm.submit()}
        destroyOnHidden
      >
        <Form<CreateFields>
          form={createForm}
          layout="vertical"
          initialValues={{ kind: 'enterprise', startOn: today(), managerProfileId: mine.data?.id }}
          onFinish={(v) => create.mutate(v)}
        >
          <ManagerField options={managers.data ?? []} />
          <Form.Item name="kind" label="服务类型" rules={[{ required: true }]}>
            <Select options={options(ASSIGNMENT_KIND_LABELS)} />
          </Form.Item>
          <Form.Item name="organisationId" label="服务对象" rules={[{ required: true, message: '请选择服务对象' }]}>
            <OrganisationSelect key={createKind} kind={createKind === 'university' ? 'university' : 'enterprise'} />
          </Form.Item>
          <DateField name="startOn" label="开始日期" />
          <Form.Item name="note" label="服务内容说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!handover}
        title={handover ? `更换技术经理人：${handover.organisationName}` : ''}
        okText="下一步"
        cancelText="取消"
        onCancel={() => setHandover(null)}
        onOk={() => handoverForm.submit()}
        destroyOnHidden
      >
        <Form<ReassignFields>
          form={handoverForm}
          layout="vertical"
          initialValues={{ handoverOn: today() }}
          onFinish={(v) => handover && confirmHandover(handover, v)}
        >
          <ManagerField
            label="接任的技术经理人"
            options={(managers.data ?? []).filter((m) => m.value !== handover?.manager.id)}
          />
          <DateField name="handoverOn" label="交接日期" />
          <ReasonField label="更换原因" message="请填写原因" />
        </Form>
      </Modal>
      <Modal
        open={!!ending}
        title={ending ? `结束服务：${ending.organisationName}` : ''}
        okText="下一步"
        cancelText="取消"
        onCancel={() => setEnding(null)}
        onOk={() => endForm.submit()}
        destroyOnHidden
      >
        <Form
          form={endForm}
          layout="vertical"
          initialValues={{ endOn: today() }}
          onFinish={(v) => ending && confirmEnd(ending, v)}
        >
          <DateField name="endOn" label="结束日期" />
          <ReasonField label="结束原因" message="请填写原因" />
        </Form>
      </Modal>
    </div>
  );
}
