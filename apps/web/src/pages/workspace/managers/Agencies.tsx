import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';

import { DateField, ReasonField } from '../../../components/FormFields';
import { PageToolbar, UrlSelect } from '../../../components/PageToolbar';
import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { day, time, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import {
  type Agency,
  AGENCY_STATUS_LABELS,
  type AgencyStatus,
  options,
  OrganisationSelect,
  SCOPE_LABELS,
  type ServiceScope,
  today,
} from './shared';

const PAGE_SIZE = 20;
type CreateFields = Schemas['CreateAgencyDto'];
type FileFields = Schemas['FileAgencyDto'];

const TONE: Record<AgencyStatus, 'ok' | 'bad' | 'plain'> = { registered: 'plain', filed: 'ok', revoked: 'bad' };

/** 技术转移服务机构 tab: registered → filed (备案) → revoked with a reason (and filed again). */
export function Agencies() {
  const url = useUrlState();
  const client = useQueryClient();
  const notify = useNotify();
  const chains = useChains();
  const { modal } = App.useApp();
  const status = url.get('status') as AgencyStatus | undefined;
  const scope = url.get('scope') as ServiceScope | undefined;
  const [creating, setCreating] = useState(false);
  const [filing, setFiling] = useState<Agency | null>(null);
  const [revoking, setRevoking] = useState<Agency | null>(null);
  const [createForm] = Form.useForm<CreateFields>();
  const [fileForm] = Form.useForm<FileFields>();
  const [revokeForm] = Form.useForm<{ reason: string }>();
  const list = useQuery({
    queryKey: ['agencies', status, scope, url.page],
    queryFn: () =>
      unwrap(api.GET('/agencies', { params: { query: { status, scope, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['agencies'] });
  const create = useMutation({
    mutationFn: (v: CreateFields) => unwrap(api.POST('/agencies', { body: v })),
    onSuccess: async (a) => {
      notify.ok(`已登记 ${a.name}`);
      setCreating(false);
      await refresh();
    },
    onError: (err) => {
      if (
        !showFieldErrors(createForm, err, ['organisationId', 'serviceScope', 'serviceDescription', 'industryChainIds'])
      )
        notify.fail(err);
    },
  });
  const file = useMutation({
    mutationFn: ({ a, v }: { a: Agency; v: FileFields }) =>
      unwrap(api.POST('/agencies/{id}/file', { params: { path: { id: a.id } }, body: { ...v, version: a.version } })),
    onSuccess: async (a) => {
      notify.ok(`${a.name} 已备案`);
      setFiling(null);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(fileForm, err, ['filingNumber', 'filingAuthority', 'filedOn'])) notify.fail(err);
    },
  });
  const revoke = useMutation({
    mutationFn: ({ a, reason }: { a: Agency; reason: string }) =>
      unwrap(
        api.POST('/agencies/{id}/revoke', { params: { path: { id: a.id } }, body: { reason, version: a.version } }),
      ),
    onSuccess: async (a) => {
      notify.ok(`${a.name} 的备案已撤销`);
      setRevoking(null);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });
  const confirmRevoke = (a: Agency, reason: string) =>
    modal.confirm({
      title: `撤销“${a.name}”的备案？`,
      content: '撤销后该机构不再计入技术转移服务机构指标，可重新备案。',
      okText: '撤销备案',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => revoke.mutateAsync({ a, reason }).catch(() => undefined),
    });

  return (
    <>
      <PageToolbar>
        <UrlSelect
          url={url}
          param="status"
          label="备案状态"
          placeholder="全部状态"
          width={170}
          options={options(AGENCY_STATUS_LABELS)}
        />
        <UrlSelect
          url={url}
          param="scope"
          label="服务范围"
          placeholder="全部服务范围"
          width={170}
          options={options(SCOPE_LABELS)}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          登记服务机构
        </Button>
      </PageToolbar>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Agency>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: '没有登记的技术转移服务机构' }}
          expandable={{
            expandedRowRender: (a) => (
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label="服务内容" span={2}>
                  {a.serviceDescription || '—'}
                </Descriptions.Item>
                <Descriptions.Item label="产业链" span={2}>
                  {a.industryChains.map((c) => c.name).join('、') || '—'}
                </Descriptions.Item>
                <Descriptions.Item label="备案机关">{a.filingAuthority ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="备案日期">{day(a.filedOn)}</Descriptions.Item>
                {a.revokedAt && <Descriptions.Item label="撤销时间">{time(a.revokedAt)}</Descriptions.Item>}
                {a.revocationReason && <Descriptions.Item label="撤销原因">{a.revocationReason}</Descriptions.Item>}
              </Descriptions>
            ),
          }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 家`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
          columns={[
            { title: '机构', dataIndex: 'name' },
            { title: '区镇', dataIndex: 'district', width: 90, render: (v: string | null) => v ?? '—' },
            {
              title: '服务范围',
              key: 'scopes',
              render: (_: unknown, a: Agency) => a.serviceScopes.map((s) => s.label).join('、'),
            },
            { title: '在岗经理人', dataIndex: 'managerCount', width: 90 },
            { title: '备案编号', dataIndex: 'filingNumber', width: 150, render: (v: string | null) => v ?? '—' },
            {
              title: '状态',
              dataIndex: 'statusLabel',
              width: 130,
              render: (v: string, a: Agency) => <ToneTag tone={TONE[a.status]}>{v}</ToneTag>,
            },
            {
              title: '操作',
              key: 'actions',
              width: 100,
              render: (_: unknown, a: Agency) => (
                <Space size={4}>
                  {a.status !== 'filed' && (
                    <Button
                      size="small"
                      aria-label={`备案 ${a.name}`}
                      onClick={() => {
                        fileForm.resetFields();
                        setFiling(a);
                      }}
                    >
                      备案
                    </Button>
                  )}
                  {a.status === 'filed' && (
                    <Button
                      size="small"
                      danger
                      aria-label={`撤销备案 ${a.name}`}
                      onClick={() => {
                        revokeForm.resetFields();
                        setRevoking(a);
                      }}
                    >
                      撤销
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={creating}
        title="登记技术转移服务机构"
        okText="登记"
        cancelText="取消"
        confirmLoading={create.isPending}
        onCancel={() => setCreating(false)}
        onOk={() => createForm.submit()}
        destroyOnHidden
      >
        <Form<CreateFields>
          form={createForm}
          layout="vertical"
          initialValues={{ serviceScope: [] }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item
            name="organisationId"
            label="机构"
            rules={[{ required: true, message: '请选择机构' }]}
            extra="机构库中类型为技术转移服务机构的单位"
          >
            <OrganisationSelect kind="agency" />
          </Form.Item>
          <Form.Item name="serviceScope" label="服务范围" rules={[{ required: true, message: '至少选择一项' }]}>
            <Select mode="multiple" options={options(SCOPE_LABELS)} />
          </Form.Item>
          <Form.Item name="serviceDescription" label="服务内容">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="industryChainIds" label="服务的产业链">
            <Select mode="multiple" options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!filing}
        title={filing ? `备案：${filing.name}` : ''}
        okText="备案"
        cancelText="取消"
        confirmLoading={file.isPending}
        onCancel={() => setFiling(null)}
        onOk={() => fileForm.submit()}
        destroyOnHidden
      >
        <Form<FileFields>
          form={fileForm}
          layout="vertical"
          initialValues={{ filingAuthority: '昆山市科学技术局', filedOn: today() }}
          onFinish={(v) => filing && file.mutate({ a: filing, v })}
        >
          <Form.Item name="filingNumber" label="备案编号" rules={[{ required: true, message: '请填写备案编号' }]}>
            <Input placeholder="如：KS-JSZY-2026-017" />
          </Form.Item>
          <Form.Item name="filingAuthority" label="备案机关" rules={[{ required: true, message: '请填写备案机关' }]}>
            <Input />
          </Form.Item>
          <DateField name="filedOn" label="备案日期" notFuture />
        </Form>
      </Modal>
      <Modal
        open={!!revoking}
        title={revoking ? `撤销备案：${revoking.name}` : ''}
        okText="下一步"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onCancel={() => setRevoking(null)}
        onOk={() => revokeForm.submit()}
        destroyOnHidden
      >
        <Form form={revokeForm} layout="vertical" onFinish={(v) => revoking && confirmRevoke(revoking, v.reason)}>
          <ReasonField label="撤销原因" />
        </Form>
      </Modal>
    </>
  );
}
