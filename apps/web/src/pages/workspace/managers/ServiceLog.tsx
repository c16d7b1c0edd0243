import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { DateField, ManagerField, ReasonField } from '../../../components/FormFields';
import { PageToolbar, UrlDateRange, urlPagination, UrlSelect } from '../../../components/PageToolbar';
import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useSession } from '../../../lib/session';
import { day, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import {
  options,
  OrganisationSelect,
  RECORD_KIND_LABELS,
  type RecordKind,
  type ServiceRecord,
  today,
  useManagerOptions,
  useMyProfile,
} from './shared';

const PAGE_SIZE = 20;
type CreateFields = Schemas['CreateServiceRecordDto'];
type UpdateFields = Schemas['UpdateServiceRecordDto'];
type Need = ServiceRecord['needs'][number];

const CREATE_FIELDS = ['managerProfileId', 'organisationId', 'kind', 'occurredOn', 'participants', 'summary', 'needs'];
/** What a record's manager (or an admin) may change afterwards: whom it served, for whom, and its needs stay. */
const UPDATE_FIELDS = ['kind', 'occurredOn', 'participants', 'summary'];

async function uploadAttachment(id: string, file: File) {
  return unwrap(
    api.POST('/service-records/{id}/attachment', {
      params: { path: { id } },
      body: { file: file.name },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file, file.name);
        return form;
      },
    }),
  );
}

function RecordDetail({
  r,
  editable,
  onLink,
  onUnlink,
}: {
  r: ServiceRecord;
  editable: boolean;
  onLink: (r: ServiceRecord, n: Need) => void;
  onUnlink: (r: ServiceRecord, n: Need) => void;
}) {
  return (
    <div className="record-detail">
      <p className="prose">{r.summary}</p>
      <p>
        <Typography.Text type="secondary">参与人：</Typography.Text>
        {r.participants.join('、') || '—'}
      </p>
      {r.attachmentUrl && (
        <p>
          <Typography.Text type="secondary">附件：</Typography.Text>
          <a href={r.attachmentUrl} download>
            {r.attachmentFilename}
          </a>
        </p>
      )}
      {r.removed && (
        <p>
          <Typography.Text type="secondary">删除原因：</Typography.Text>
          {r.removalReason}
        </p>
      )}
      {r.needs.length > 0 && (
        <section aria-label="挖掘的需求">
          <h3 className="record-needs-title">挖掘的需求</h3>
          <ul className="record-needs">
            {r.needs.map((n) => (
              <li key={n.id}>
                <strong>{n.title}</strong>
                {n.industryChains.length > 0 && (
                  <Typography.Text type="secondary">
                    （{n.industryChains.map((c) => c.name).join('、')}）
                  </Typography.Text>
                )}
                {n.description && <div>{n.description}</div>}
                <div>
                  {n.demandId ? (
                    <>
                      <ToneTag tone="ok">已形成需求</ToneTag>
                      {n.demandTitle}
                    </>
                  ) : (
                    <ToneTag tone="warn">尚未登记为需求</ToneTag>
                  )}
                  {editable && !r.removed && (
                    <Button
                      size="small"
                      className="need-action"
                      onClick={() => (n.demandId ? onUnlink(r, n) : onLink(r, n))}
                      aria-label={`${n.demandId ? '取消关联' : '关联技术需求'}：${n.title}`}
                    >
                      {n.demandId ? '取消关联' : '关联技术需求'}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** 服务记录: the service log — staff log and maintain records; enterprises and universities read their own. */
export default function ServiceLog() {
  const url = useUrlState();
  const { me } = useSession();
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const isManager = me?.role === 'manager';
  const isAdmin = me?.role === 'admin';
  const mine = useMyProfile(isManager);
  const scope = isManager && url.get('scope') !== 'all' ? 'mine' : 'all';
  const org = staff ? url.get('org') : undefined;
  const kind = url.get('kind') as RecordKind | undefined;
  const from = url.get('from');
  const to = url.get('to');
  const profileId = scope === 'mine' ? mine.data?.id : undefined;
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const chains = useChains();
  const managers = useManagerOptions(isAdmin);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ServiceRecord | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [linking, setLinking] = useState<{ r: ServiceRecord; n: Need } | null>(null);
  const [removing, setRemoving] = useState<ServiceRecord | null>(null);
  const [form] = Form.useForm<CreateFields>();
  const [linkForm] = Form.useForm<{ demandId: string }>();
  const [removeForm] = Form.useForm<{ reason: string }>();
  const chosenKind = Form.useWatch('kind', form);

  const list = useQuery({
    queryKey: ['service-records', scope, profileId, org, kind, from, to, url.page],
    enabled: scope === 'all' || mine.isSuccess,
    queryFn: () =>
      scope === 'mine' && !profileId
        ? Promise.resolve({ items: [] as ServiceRecord[], total: 0, page: 1, pageSize: PAGE_SIZE })
        : unwrap(
            api.GET('/service-records', {
              params: {
                query: {
                  managerProfileId: profileId,
                  organisationId: org,
                  kind,
                  from,
                  to,
                  page: url.page,
                  pageSize: PAGE_SIZE,
                },
              },
            }),
          ),
  });
  const demands = useQuery({
    queryKey: ['demand-lists', linking?.r.organisationId],
    enabled: !!linking,
    queryFn: () =>
      unwrap(
        api.GET('/demand-lists/{organisationId}', { params: { path: { organisationId: linking!.r.organisationId } } }),
      ),
    select: (l) => l.rows.filter((row) => row.kind === 'demand' && row.demandId),
  });
  // The 需求清单 follows the log (mined needs, links), so both are refreshed.
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['service-records'] }),
      client.invalidateQueries({ queryKey: ['demand-lists'] }),
    ]);

  const openCreate = () => {
    form.resetFields();
    form.setFieldsValue({
      managerProfileId: undefined,
      kind: 'visit',
      occurredOn: today(),
      organisationId: org,
      participants: [],
      summary: undefined,
      needs: [],
    });
    setFile(null);
    setEditing(null);
    setCreating(true);
  };
  const openEdit = (r: ServiceRecord) => {
    form.resetFields();
    form.setFieldsValue({
      managerProfileId: r.managerProfileId,
      kind: r.kind,
      occurredOn: r.occurredOn,
      organisationId: r.organisationId,
      participants: r.participants,
      summary: r.summary,
      needs: [],
    });
    setFile(null);
    setCreating(false);
    setEditing(r);
  };
  const closeForm = () => {
    setCreating(false);
    setEditing(null);
  };

  const create = useMutation({
    mutationFn: async (v: CreateFields) => {
      const body: CreateFields = {
        ...v,
        participants: v.participants ?? [],
        needs: (v.needs ?? []).filter((n) => n?.title),
      };
      const saved = await unwrap(api.POST('/service-records', { body }));
      return file ? uploadAttachment(saved.id, file) : saved;
    },
    onSuccess: async (r) => {
      notify.ok(`已登记${r.kindLabel}记录：${r.organisationName}`);
      setCreating(false);
      setFile(null);
      form.resetFields();
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, CREATE_FIELDS)) notify.fail(err);
    },
  });
  const update = useMutation({
    mutationFn: async ({ r, v }: { r: ServiceRecord; v: CreateFields }) => {
      const body: UpdateFields = {
        kind: v.kind,
        occurredOn: v.occurredOn,
        participants: v.participants ?? [],
        summary: v.summary,
        version: r.version,
      };
      const saved = await unwrap(api.PATCH('/service-records/{id}', { params: { path: { id: r.id } }, body }));
      return file ? uploadAttachment(saved.id, file) : saved;
    },
    onSuccess: async (r) => {
      notify.ok(`已修改${r.kindLabel}记录：${r.organisationName}`);
      closeForm();
      setFile(null);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, UPDATE_FIELDS)) notify.fail(err);
    },
  });
  const link = useMutation({
    mutationFn: ({ r, n, demandId }: { r: ServiceRecord; n: Need; demandId: string }) =>
      unwrap(
        api.POST('/service-records/{id}/needs/{needId}/link', {
          params: { path: { id: r.id, needId: n.id } },
          body: { demandId, version: n.version },
        }),
      ),
    onSuccess: async () => {
      notify.ok('已关联到技术需求');
      setLinking(null);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(linkForm, err, ['demandId'])) notify.fail(err);
    },
  });
  const unlink = useMutation({
    mutationFn: ({ r, n }: { r: ServiceRecord; n: Need }) =>
      unwrap(
        api.POST('/service-records/{id}/needs/{needId}/unlink', {
          params: { path: { id: r.id, needId: n.id } },
          body: { version: n.version },
        }),
      ),
    onSuccess: async () => {
      notify.ok('已取消关联');
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const remove = useMutation({
    mutationFn: ({ r, reason }: { r: ServiceRecord; reason: string }) =>
      unwrap(
        api.POST('/service-records/{id}/remove', {
          params: { path: { id: r.id } },
          body: { reason, version: r.version },
        }),
      ),
    onSuccess: async () => {
      notify.ok('服务记录已删除');
      setRemoving(null);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const attach = useMutation({
    mutationFn: ({ r, f }: { r: ServiceRecord; f: File }) => uploadAttachment(r.id, f),
    onSuccess: async () => {
      notify.ok('附件已上传');
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });

  const editable = (r: ServiceRecord) => isAdmin || (isManager && r.managerProfileId === mine.data?.id);

  const confirmRemove = (r: ServiceRecord, reason: string) =>
    modal.confirm({
      title: `删除 ${r.occurredOn} 的${r.kindLabel}记录？`,
      content: '删除后记录保留痕迹但不再计入深度服务等统计，不能恢复。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => remove.mutateAsync({ r, reason }).catch(() => undefined),
    });
  const confirmUnlink = (r: ServiceRecord, n: Need) =>
    modal.confirm({
      title: `取消“${n.title}”与技术需求的关联？`,
      okText: '取消关联',
      cancelText: '返回',
      onOk: () => unlink.mutateAsync({ r, n }).catch(() => undefined),
    });

  const columns = [
    { title: '日期', dataIndex: 'occurredOn', width: 110, render: (v: string) => day(v) },
    {
      title: '类型',
      dataIndex: 'kindLabel',
      width: 130,
      render: (v: string, r: ServiceRecord) => (
        <Space size={4}>
          {v}
          {r.removed && <ToneTag tone="bad">已删除</ToneTag>}
        </Space>
      ),
    },
    {
      title: '服务对象',
      dataIndex: 'organisationName',
      width: 210,
      render: (v: string, r: ServiceRecord) =>
        staff ? (
          <Link to={url.href({ org: r.organisationId })} aria-label={`只看 ${v} 的记录`}>
            {v}
          </Link>
        ) : (
          v
        ),
    },
    { title: '技术经理人', dataIndex: 'managerName', width: 110 },
    {
      title: '摘要',
      dataIndex: 'summary',
      ellipsis: true,
    },
    {
      title: '挖掘需求',
      key: 'needs',
      width: 90,
      render: (_: unknown, r: ServiceRecord) =>
        r.needs.length ? `${r.needs.filter((n) => n.demandId).length}/${r.needs.length} 已形成` : '—',
    },
    ...(staff
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 200,
            render: (_: unknown, r: ServiceRecord) =>
              editable(r) && !r.removed ? (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() => openEdit(r)}
                    aria-label={`修改：${r.occurredOn} ${r.kindLabel} ${r.organisationName}`}
                  >
                    修改
                  </Button>
                  <Upload
                    showUploadList={false}
                    beforeUpload={(f) => {
                      attach.mutate({ r, f });
                      return false;
                    }}
                  >
                    <Button size="small" aria-label={`上传附件：${r.occurredOn} ${r.kindLabel}`}>
                      附件
                    </Button>
                  </Upload>
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      removeForm.resetFields();
                      setRemoving(r);
                    }}
                    aria-label={`删除：${r.occurredOn} ${r.kindLabel} ${r.organisationName}`}
                  >
                    删除
                  </Button>
                </Space>
              ) : (
                '—'
              ),
          },
        ]
      : []),
  ];

  const demandListOrg = staff ? org : me?.role === 'enterprise' ? (me.organisationId ?? undefined) : undefined;

  return (
    <div className="managers-page">
      <div className="page-head">
        <h1>服务记录</h1>
        <Space>
          {demandListOrg && (
            <Link to={`/workspace/service-records/demand-list/${demandListOrg}`}>
              {staff ? '该企业的需求清单' : '本企业需求清单'}
            </Link>
          )}
          {staff && (
            <Button type="primary" onClick={openCreate}>
              登记服务记录
            </Button>
          )}
        </Space>
      </div>
      {!staff && <p className="page-intro">技术经理人为本单位提供的走访、沟通、研讨与需求挖掘等服务记录（只读）。</p>}
      <PageToolbar>
        {isManager && (
          <Select
            aria-label="范围"
            style={{ width: 140 }}
            value={scope}
            onChange={(v) => url.update({ scope: v === 'all' ? 'all' : undefined })}
            options={[
              { value: 'mine', label: '我的记录' },
              { value: 'all', label: '全部记录' },
            ]}
          />
        )}
        {staff && (
          <OrganisationSelect
            ariaLabel="服务对象"
            placeholder="全部服务对象"
            allowClear
            style={{ width: 240 }}
            value={org}
            onChange={(v) => url.update({ org: v })}
          />
        )}
        <UrlSelect
          url={url}
          param="kind"
          label="记录类型"
          placeholder="全部类型"
          width={160}
          options={options(RECORD_KIND_LABELS)}
        />
        <UrlDateRange url={url} />
      </PageToolbar>
      {scope === 'mine' && mine.data === null && (
        <p className="page-intro">
          尚未建立技术经理人档案，<Link to="/workspace/my-profile">去建档</Link>后才能登记服务记录。
        </p>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ServiceRecord>
          rowKey="id"
          size="small"
          loading={list.isPending && list.fetchStatus !== 'idle'}
          dataSource={list.data?.items ?? []}
          columns={columns}
          rowClassName={(r) => (r.removed ? 'row-removed' : '')}
          expandable={{
            expandRowByClick: false,
            expandedRowRender: (r) => (
              <RecordDetail
                r={r}
                editable={editable(r)}
                onLink={(rec, n) => {
                  linkForm.resetFields();
                  setLinking({ r: rec, n });
                }}
                onUnlink={confirmUnlink}
              />
            ),
          }}
          locale={{ emptyText: '没有服务记录' }}
          pagination={urlPagination(url, list.data?.total, PAGE_SIZE)}
        />
      )}
      <Modal
        open={creating || !!editing}
        title={editing ? `修改服务记录：${editing.occurredOn} ${editing.kindLabel}` : '登记服务记录'}
        okText="保存"
        cancelText="取消"
        width={720}
        confirmLoading={create.isPending || update.isPending}
        onCancel={closeForm}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<CreateFields>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'visit', occurredOn: today(), organisationId: org, participants: [], needs: [] }}
          onFinish={(v) => (editing ? update.mutate({ r: editing, v }) : create.mutate(v))}
        >
          {isAdmin && (
            <ManagerField
              options={
                editing ? [{ value: editing.managerProfileId, label: editing.managerName }] : (managers.data ?? [])
              }
              disabled={!!editing}
            />
          )}
          <Space wrap align="start">
            <Form.Item
              name="kind"
              label="记录类型"
              rules={[
                { required: true },
                {
                  validator: async (_, k: RecordKind | undefined) => {
                    if (editing && k === 'need_mining' && !editing.needs.length) {
                      throw new Error('“需求挖掘”记录至少登记一项需求，请另行登记');
                    }
                  },
                },
              ]}
            >
              <Select style={{ width: 180 }} options={options(RECORD_KIND_LABELS)} />
            </Form.Item>
            <DateField name="occurredOn" label="服务日期" notFuture style={{ width: 180 }} />
          </Space>
          <Form.Item
            name="organisationId"
            label="服务对象"
            rules={[{ required: true, message: '请选择服务对象' }]}
            extra={editing ? '服务对象和技术经理人登记后不能修改；如有错误请删除后重新登记' : undefined}
          >
            {editing ? (
              <Select disabled options={[{ value: editing.organisationId, label: editing.organisationName }]} />
            ) : (
              <OrganisationSelect />
            )}
          </Form.Item>
          <Form.Item name="participants" label="参与人" extra="输入后回车，可添加多人">
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item
            name="summary"
            label="服务内容摘要"
            rules={[
              { required: true, message: '请填写摘要' },
              { min: 10, message: '至少 10 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          {!editing && (
            <Form.List
              name="needs"
              rules={[
                {
                  validator: async (_, needs: unknown[] | undefined) => {
                    if (chosenKind === 'need_mining' && !needs?.length) throw new Error('“需求挖掘”至少登记一项需求');
                  },
                },
              ]}
            >
              {(fields, { add, remove: drop }, { errors }) => (
                <fieldset className="needs-fieldset">
                  <legend>挖掘的需求（仅企业）</legend>
                  {fields.map((f, i) => (
                    <div key={f.key} className="need-row">
                      <Form.Item
                        name={[f.name, 'title']}
                        label={`需求 ${i + 1} 名称`}
                        rules={[
                          { required: true, message: '请填写需求名称' },
                          { min: 4, message: '至少 4 个字' },
                        ]}
                      >
                        <Input maxLength={120} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'description']} label={`需求 ${i + 1} 说明`}>
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'industryChainIds']} label={`需求 ${i + 1} 产业链`}>
                        <Select
                          mode="multiple"
                          options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                        />
                      </Form.Item>
                      <Button size="small" onClick={() => drop(f.name)}>
                        移除需求 {i + 1}
                      </Button>
                    </div>
                  ))}
                  <Button onClick={() => add({ title: '' })}>添加挖掘的需求</Button>
                  <Form.ErrorList errors={errors} />
                </fieldset>
              )}
            </Form.List>
          )}
          {editing && editing.needs.length > 0 && (
            <p className="page-intro">挖掘的需求在记录详情中关联或取消关联技术需求。</p>
          )}
          <Form.Item
            label={editing?.attachmentFilename ? '替换附件（可选）' : '附件（可选）'}
            extra={
              editing?.attachmentFilename ? `当前附件：${editing.attachmentFilename}` : '如签署的合作协议、走访纪要'
            }
          >
            <Upload
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button>选择文件</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!linking}
        title={linking ? `关联技术需求：${linking.n.title}` : ''}
        okText="关联"
        cancelText="取消"
        confirmLoading={link.isPending}
        onCancel={() => setLinking(null)}
        onOk={() => linkForm.submit()}
        destroyOnHidden
      >
        <p>选择该挖掘需求登记后形成的技术需求（{linking?.r.organisationName} 的需求）。</p>
        <Form form={linkForm} layout="vertical" onFinish={(v) => linking && link.mutate({ ...linking, ...v })}>
          <Form.Item name="demandId" label="技术需求" rules={[{ required: true, message: '请选择技术需求' }]}>
            <Select
              loading={demands.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              notFoundContent={demands.isPending ? '加载中…' : '该企业还没有登记技术需求'}
              options={(demands.data ?? []).map((d) => ({
                value: d.demandId!,
                label: `${d.title}（${d.statusLabel}）`,
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!removing}
        title={removing ? `删除服务记录：${removing.occurredOn} ${removing.kindLabel}` : ''}
        okText="下一步"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onCancel={() => setRemoving(null)}
        onOk={() => removeForm.submit()}
        destroyOnHidden
      >
        <Form form={removeForm} layout="vertical" onFinish={(v) => removing && confirmRemove(removing, v.reason)}>
          <ReasonField label="删除原因" />
        </Form>
      </Modal>
    </div>
  );
}
