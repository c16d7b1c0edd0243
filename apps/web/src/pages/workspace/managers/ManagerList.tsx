import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';

import { ReasonField } from '../../../components/FormFields';
import { PageToolbar, UrlSelect } from '../../../components/PageToolbar';
import { ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { ProfileView } from './MyProfile';
import {
  AFFILIATION_LABELS,
  type AffiliationKind,
  CERTIFICATE_LABELS,
  type CertificateLevel,
  options,
  type Profile,
} from './shared';

const PAGE_SIZE = 20;

/** 技术经理人 tab: the directory of profiles with filters; an admin deactivates and reactivates. */
export function ManagerList() {
  const url = useUrlState();
  const { me } = useSession();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [deactivating, setDeactivating] = useState<Profile | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const affiliationKind = url.get('affiliation') as AffiliationKind | undefined;
  const certificateLevel = url.get('level') as CertificateLevel | undefined;
  const status = url.get('status') as Profile['status'] | undefined;
  const q = url.get('q');
  const list = useQuery({
    queryKey: ['managers', 'list', affiliationKind, certificateLevel, status, q, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/managers', {
          params: { query: { affiliationKind, certificateLevel, status, q, page: url.page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  const transition = useMutation({
    mutationFn: ({ p, action, reason }: { p: Profile; action: 'deactivate' | 'reactivate'; reason?: string }) =>
      action === 'deactivate'
        ? unwrap(
            api.POST('/managers/{id}/deactivate', {
              params: { path: { id: p.id } },
              body: { reason, version: p.version },
            }),
          )
        : unwrap(
            api.POST('/managers/{id}/reactivate', { params: { path: { id: p.id } }, body: { version: p.version } }),
          ),
    onSuccess: async (p) => {
      notify.ok(`${p.name}：${p.statusLabel}`);
      setDeactivating(null);
      await client.invalidateQueries({ queryKey: ['managers'] });
    },
    onError: (err) => notify.fail(err),
  });
  const confirmDeactivate = (p: Profile, reason: string) =>
    modal.confirm({
      title: `停用“${p.name}”的技术经理人档案？`,
      content: '停用后不再计入技术经理人指标，不能接受服务分配或登记服务记录。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => transition.mutateAsync({ p, action: 'deactivate', reason }).catch(() => undefined),
    });
  const confirmReactivate = (p: Profile) =>
    modal.confirm({
      title: `恢复“${p.name}”的技术经理人档案？`,
      okText: '恢复',
      cancelText: '取消',
      onOk: () => transition.mutateAsync({ p, action: 'reactivate' }).catch(() => undefined),
    });

  return (
    <>
      <PageToolbar>
        <Input.Search
          aria-label="按姓名搜索"
          placeholder="按姓名搜索"
          allowClear
          style={{ width: 200 }}
          defaultValue={q}
          onSearch={(v) => url.update({ q: v || undefined })}
        />
        <UrlSelect
          url={url}
          param="affiliation"
          label="所属类型"
          placeholder="全部所属"
          width={170}
          options={options(AFFILIATION_LABELS)}
        />
        <UrlSelect
          url={url}
          param="level"
          label="证书等级"
          placeholder="全部等级"
          width={120}
          options={options(CERTIFICATE_LABELS)}
        />
        <UrlSelect
          url={url}
          param="status"
          label="状态"
          placeholder="全部状态"
          width={120}
          options={[
            { value: 'active', label: '在岗' },
            { value: 'deactivated', label: '已停用' },
          ]}
        />
      </PageToolbar>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Profile>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          expandable={{ expandedRowRender: (p) => <ProfileView p={p} /> }}
          locale={{ emptyText: '没有技术经理人档案' }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 人`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 100 },
            { title: '所属', dataIndex: 'affiliationKindLabel', width: 140 },
            {
              title: '所属机构 / 区镇',
              key: 'org',
              render: (_: unknown, p: Profile) => p.affiliationOrganisationName ?? p.district ?? '—',
            },
            {
              title: '产业链',
              key: 'chains',
              render: (_: unknown, p: Profile) => p.industryChains.map((c) => c.name).join('、') || '—',
            },
            { title: '证书', dataIndex: 'certificateLevelLabel', width: 70, render: (v: string | null) => v ?? '—' },
            { title: '联系电话', dataIndex: 'contactPhone', width: 130, render: (v?: string | null) => v ?? '—' },
            {
              title: '状态',
              dataIndex: 'statusLabel',
              width: 80,
              render: (v: string, p: Profile) => <ToneTag tone={p.status === 'active' ? 'ok' : 'bad'}>{v}</ToneTag>,
            },
            ...(me?.role === 'admin'
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, p: Profile) =>
                      p.status === 'active' ? (
                        <Button
                          size="small"
                          danger
                          aria-label={`停用 ${p.name}`}
                          onClick={() => {
                            form.resetFields();
                            setDeactivating(p);
                          }}
                        >
                          停用
                        </Button>
                      ) : (
                        <Button size="small" aria-label={`恢复 ${p.name}`} onClick={() => confirmReactivate(p)}>
                          恢复
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={!!deactivating}
        title={deactivating ? `停用档案：${deactivating.name}` : ''}
        okText="下一步"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onCancel={() => setDeactivating(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => deactivating && confirmDeactivate(deactivating, v.reason)}>
          <ReasonField label="停用原因" />
        </Form>
      </Modal>
    </>
  );
}
