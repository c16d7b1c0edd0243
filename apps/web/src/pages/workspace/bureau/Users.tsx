import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';

import NewPasswordFields from '../../../components/NewPasswordFields';
import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { ROLE_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { time, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';

type User = Schemas['UserViewDto'];
type Role = Schemas['Role'];
type CreateFields = Schemas['CreateUserDto'];
type CreateForm = CreateFields & { confirm: string };
type OrganisationKind = Schemas['OrganisationKind'];

const PAGE_SIZE = 20;

const ORG_KIND_LABELS: Record<OrganisationKind, string> = {
  enterprise: '企业',
  university: '高校院所',
  agency: '技术转移服务机构',
  bank: '银行',
};

/** How long a temporary password signs in, as the API says (TEMPORARY_PASSWORD_HOURS). */
function validity(hours: number | undefined): string {
  return hours ? `${hours} 小时` : '有限时间';
}

/** Roles an account of this role may create (the API's rule: managers create no staff). */
function creatableRoles(role: Role | undefined): Role[] {
  return role === 'admin'
    ? ['manager', 'organizer', 'admin', 'university', 'enterprise', 'bank']
    : ['organizer', 'university', 'enterprise', 'bank'];
}

function UsersTab() {
  const url = useUrlState();
  const { me } = useSession();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const hours = validity(me?.temporaryPasswordHours);
  const [creating, setCreating] = useState(false);
  const [reset, setReset] = useState<{ user: User; password: string } | null>(null);
  const [orgQuery, setOrgQuery] = useState('');
  const role = url.get('role') as Role | undefined;
  const expertFilter = url.get('expert');
  const expert = expertFilter === 'true' ? true : expertFilter === 'false' ? false : undefined;
  const chosenRole = Form.useWatch('role', form);

  const users = useQuery({
    queryKey: ['users', 'admin', role, expert, url.page],
    queryFn: () =>
      unwrap(api.GET('/users', { params: { query: { role, expert, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  const needsOrg = chosenRole === 'enterprise' || chosenRole === 'university' || chosenRole === 'bank';
  const organisations = useQuery({
    queryKey: ['organisations', 'for-user', chosenRole, orgQuery],
    enabled: creating && needsOrg,
    queryFn: () =>
      unwrap(
        api.GET('/organisations', {
          params: { query: { kind: chosenRole as OrganisationKind, q: orgQuery || undefined, pageSize: 20 } },
        }),
      ),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });

  const create = useMutation({
    mutationFn: (v: CreateFields) => unwrap(api.POST('/users', { body: v })),
    onSuccess: async (u) => {
      notify.ok(`已创建${ROLE_LABELS[u.role]}账号 ${u.email}，请转告本人在 ${hours}内登录并修改初始密码`);
      setCreating(false);
      form.resetFields();
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['email', 'name', 'phone', 'role', 'password', 'organisationId']))
        notify.fail(err);
    },
  });
  const toggle = useMutation({
    mutationFn: (u: User) =>
      unwrap(api.PATCH('/users/{id}', { params: { path: { id: u.id } }, body: { active: !u.active } })),
    onSuccess: async (u) => {
      notify.ok(u.active ? `已启用 ${u.name}` : `已停用 ${u.name}，其登录立即失效`);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const flagExpert = useMutation({
    mutationFn: (u: User) =>
      unwrap(api.PATCH('/users/{id}', { params: { path: { id: u.id } }, body: { expert: !u.expert } })),
    onSuccess: async (u) => {
      notify.ok(u.expert ? `已将 ${u.name} 设为评审专家` : `已取消 ${u.name} 的评审专家资格`);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const resetPassword = useMutation({
    mutationFn: (u: User) => unwrap(api.POST('/users/{id}/password-reset', { params: { path: { id: u.id } } })),
    onSuccess: (r) => setReset({ user: r.user, password: r.temporaryPassword }),
    onError: (err) => notify.fail(err),
  });

  const mayManage = (u: User) => me?.role === 'admin' || !['admin', 'manager'].includes(u.role);

  const confirmToggle = (u: User) =>
    modal.confirm({
      title: u.active ? `停用账号“${u.name}”？` : `启用账号“${u.name}”？`,
      content: u.active ? '停用后该账号无法登录，已登录的会话立即失效；其历史记录保留。' : '启用后该账号可重新登录。',
      okText: u.active ? '停用' : '启用',
      okButtonProps: { danger: u.active },
      cancelText: '取消',
      onOk: () => toggle.mutateAsync(u).catch(() => undefined),
    });
  const confirmExpert = (u: User) =>
    modal.confirm({
      title: u.expert ? `取消“${u.name}”的评审专家资格？` : `将“${u.name}”设为评审专家？`,
      content: u.expert
        ? '取消后不能再被指定为榜单评审专家；已指定的榜单评审不受影响。'
        : '评审专家可被指定参加揭榜挂帅榜单的专家评审，角色与权限不变。',
      okText: u.expert ? '取消专家资格' : '设为评审专家',
      cancelText: '取消',
      onOk: () => flagExpert.mutateAsync(u).catch(() => undefined),
    });
  const confirmReset = (u: User) =>
    modal.confirm({
      title: `重置“${u.name}”的密码？`,
      content: `系统生成临时密码（只显示一次，${hours}内有效），该账号此前的登录全部失效；本人用临时密码登录后须先设置自己的新密码。`,
      okText: '重置密码',
      cancelText: '取消',
      onOk: () => resetPassword.mutateAsync(u).catch(() => undefined),
    });

  const columns = [
    { title: '姓名', dataIndex: 'name' },
    { title: '登录邮箱', dataIndex: 'email' },
    { title: '角色', dataIndex: 'role', width: 110, render: (r: Role) => ROLE_LABELS[r] },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => (a ? <ToneTag tone="ok">启用</ToneTag> : <ToneTag tone="bad">已停用</ToneTag>),
    },
    {
      title: '评审专家',
      dataIndex: 'expert',
      width: 90,
      render: (e: boolean) => (e ? <ToneTag tone="info">评审专家</ToneTag> : '—'),
    },
    { title: '上次登录', dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => time(v) },
    {
      title: '操作',
      key: 'actions',
      width: 300,
      render: (_: unknown, u: User) =>
        mayManage(u) && u.id !== me?.id ? (
          <Space size={4}>
            <Button
              size="small"
              danger={u.active}
              onClick={() => confirmToggle(u)}
              aria-label={`${u.active ? '停用' : '启用'} ${u.email}`}
            >
              {u.active ? '停用' : '启用'}
            </Button>
            <Button size="small" onClick={() => confirmReset(u)} aria-label={`重置密码 ${u.email}`}>
              重置密码
            </Button>
            {me?.role === 'admin' && (
              <Button
                size="small"
                onClick={() => confirmExpert(u)}
                aria-label={`${u.expert ? '取消评审专家' : '设为评审专家'} ${u.email}`}
              >
                {u.expert ? '取消评审专家' : '设为评审专家'}
              </Button>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{u.id === me?.id ? '当前账号' : '—'}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Select
          allowClear
          placeholder="全部角色"
          aria-label="角色"
          style={{ width: 160 }}
          value={role}
          onChange={(v: string | undefined) => url.update({ role: v })}
          options={Object.entries(ROLE_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
        <Select
          allowClear
          placeholder="是否评审专家"
          aria-label="评审专家"
          style={{ width: 160 }}
          value={expertFilter}
          onChange={(v: string | undefined) => url.update({ expert: v })}
          options={[
            { value: 'true', label: '仅评审专家' },
            { value: 'false', label: '非评审专家' },
          ]}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          新建账号
        </Button>
      </div>
      {users.error ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          size="small"
          loading={users.isPending}
          dataSource={users.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: '没有账号' }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: users.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 个账号`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
        />
      )}
      <Modal
        open={creating}
        title="新建账号"
        okText="创建"
        cancelText="取消"
        confirmLoading={create.isPending}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<CreateForm>
          form={form}
          layout="vertical"
          initialValues={{ role: me?.role === 'admin' ? 'manager' : 'organizer' }}
          onFinish={({ confirm: _confirm, ...v }) => create.mutate(v)}
        >
          <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={creatableRoles(me?.role).map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }, { max: 50 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="email"
            label="登录邮箱"
            rules={[
              { required: true, message: '请填写邮箱' },
              { type: 'email', message: '邮箱格式不正确' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="phone" label="电话">
            <Input autoComplete="off" />
          </Form.Item>
          {needsOrg && (
            <Form.Item name="organisationId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setOrgQuery }}
                placeholder="输入名称搜索"
                options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          )}
          <NewPasswordFields label="初始密码" />
          <Alert
            type="info"
            showIcon
            message="初始密码是临时密码"
            description={`请当面或电话转告本人：用它登录后须先修改为自己的密码，才能继续使用工作台。初始密码 ${hours}内有效，过期后需为其重置密码。`}
          />
        </Form>
      </Modal>
      <Modal
        open={!!reset}
        title="密码已重置"
        onCancel={() => setReset(null)}
        footer={<Button onClick={() => setReset(null)}>我已转告</Button>}
      >
        {reset && (
          <>
            <p>
              {reset.user.name}（{reset.user.email}）的临时密码：
            </p>
            <Typography.Paragraph copyable={{ text: reset.password }} className="temp-password">
              <code>{reset.password}</code>
            </Typography.Paragraph>
            <Alert
              type="warning"
              showIcon
              message={`临时密码只显示这一次，${hours}内有效（过期需重新重置）。请当面或电话转告本人：用它登录后须先设置自己的新密码，才能继续使用工作台。`}
            />
          </>
        )}
      </Modal>
    </>
  );
}

function OrganisationsTab() {
  const url = useUrlState();
  const kind = url.get('kind') as OrganisationKind | undefined;
  const q = url.get('q');
  const organisations = useQuery({
    queryKey: ['organisations', 'admin', kind, q, url.page],
    queryFn: () =>
      unwrap(api.GET('/organisations', { params: { query: { kind, q, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <>
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Select
          allowClear
          placeholder="全部类型"
          aria-label="机构类型"
          style={{ width: 180 }}
          value={kind}
          onChange={(v: string | undefined) => url.update({ kind: v })}
          options={Object.entries(ORG_KIND_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
        <Input.Search
          allowClear
          aria-label="机构名称"
          placeholder="按名称搜索"
          defaultValue={q}
          style={{ width: 260 }}
          onSearch={(v) => url.update({ q: v || undefined })}
        />
      </div>
      {organisations.error ? (
        <ErrorState error={organisations.error} onRetry={() => void organisations.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={organisations.isPending}
          dataSource={organisations.data?.items ?? []}
          locale={{ emptyText: '没有机构' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', width: 160, render: (k: OrganisationKind) => ORG_KIND_LABELS[k] },
            { title: '统一社会信用代码', dataIndex: 'creditCode', width: 200, render: (v: string | null) => v ?? '—' },
            { title: '区镇', dataIndex: 'district', width: 110, render: (v: string | null) => v ?? '未填写' },
          ]}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: organisations.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 家`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
        />
      )}
    </>
  );
}

/**
 * 用户与机构: accounts (create managers and organisers, deactivate, reset a password; admins flag 评审专家) and the
 * organisations.
 */
export default function Users() {
  const url = useUrlState();
  const tab = url.get('tab') === 'organisations' ? 'organisations' : 'users';
  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>用户与机构</h1>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) =>
          url.update({
            tab: k === 'users' ? undefined : k,
            role: undefined,
            expert: undefined,
            kind: undefined,
            q: undefined,
          })
        }
        items={[
          { key: 'users', label: '用户账号', children: tab === 'users' ? <UsersTab /> : null },
          { key: 'organisations', label: '机构', children: tab === 'organisations' ? <OrganisationsTab /> : null },
        ]}
      />
    </div>
  );
}
