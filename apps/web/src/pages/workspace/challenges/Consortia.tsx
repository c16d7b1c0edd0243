import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { day, errorText, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { ChallengesNav } from './ChallengesNav';
import type { Consortium } from './shared';

const PAGE_SIZE = 20;

/** 创新联合体 registry: list, register, dissolve (with date and reason). */
export default function Consortia() {
  const url = useUrlState();
  const status = url.get('status') as Consortium['status'] | undefined;
  const chains = useChains();
  const { modal } = App.useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const reason = useRef('');
  const list = useQuery({
    queryKey: ['consortia', status, url.page],
    queryFn: () =>
      unwrap(api.GET('/challenges/consortia', { params: { query: { status, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  const dissolve = useMutation({
    mutationFn: (c: Consortium) =>
      unwrap(
        api.POST('/challenges/consortia/{consortiumId}/dissolve', {
          params: { path: { consortiumId: c.id } },
          body: { reason: reason.current, dissolvedOn: dayjs().format('YYYY-MM-DD'), version: c.version },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['consortia'] });
      notify.ok('创新联合体已解散');
    },
    onError: (err) => notify.fail(err),
  });
  const chainName = new Map((chains.data ?? []).map((c) => [c.id, c.name]));
  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>创新联合体</h1>
        <Button type="primary" onClick={() => setCreating(true)}>
          登记创新联合体
        </Button>
      </div>
      <ChallengesNav current="consortia" />
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="联合体状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v: string | undefined) => url.update({ status: v })}
          options={[
            { value: 'active', label: '运行中' },
            { value: 'dissolved', label: '已解散' },
          ]}
        />
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Consortium>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyState>暂无创新联合体</EmptyState> }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
          }}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              render: (v: string, c) => (
                <>
                  {v}
                  {c.description && <div className="meta">{c.description}</div>}
                </>
              ),
            },
            {
              title: '牵头企业',
              dataIndex: 'leadOrganisationName',
              width: 180,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: '成员单位及分工',
              dataIndex: 'members',
              render: (ms: Consortium['members']) => (
                <ul className="plain-list">
                  {ms.map((m) => (
                    <li key={m.organisationId}>
                      {m.organisationName ?? '—'}：{m.role}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              title: '产业链',
              dataIndex: 'industryChainIds',
              width: 150,
              render: (ids: string[]) => ids.map((i) => chainName.get(i) ?? '').join('、') || '—',
            },
            { title: '成立日期', dataIndex: 'foundedOn', width: 110, render: (v: string) => day(v) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 160,
              render: (_: unknown, c) =>
                c.status === 'active' ? (
                  <ToneTag tone="ok">{c.statusLabel}</ToneTag>
                ) : (
                  <>
                    <ToneTag tone="plain">{c.statusLabel}</ToneTag>
                    <div className="meta">
                      {day(c.dissolvedOn)} {c.dissolveReason}
                    </div>
                  </>
                ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 90,
              render: (_: unknown, c) =>
                c.allowedActions.includes('dissolve') ? (
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      reason.current = '';
                      modal.confirm({
                        title: `解散“${c.name}”？`,
                        content: (
                          <Input.TextArea
                            aria-label="解散原因"
                            placeholder="解散原因（如：攻关任务完成，成员协议到期）"
                            rows={3}
                            onChange={(e) => (reason.current = e.target.value)}
                          />
                        ),
                        okText: '确认解散',
                        okButtonProps: { danger: true },
                        cancelText: '取消',
                        onOk: () => dissolve.mutateAsync(c),
                      });
                    }}
                  >
                    解散
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      {creating && <ConsortiumForm onClose={() => setCreating(false)} />}
    </div>
  );
}

interface Fields {
  name: string;
  leadOrganisationId: string;
  members: Array<{ organisationId: string; role: string }>;
  industryChainIds?: string[];
  foundedOn: Dayjs;
  description?: string;
}

function ConsortiumForm({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Fields>();
  const notify = useNotify();
  const client = useQueryClient();
  const chains = useChains();
  const [problem, setProblem] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const orgs = useQuery({
    queryKey: ['organisations', 'consortium', q],
    queryFn: () => unwrap(api.GET('/organisations', { params: { query: { q: q || undefined, pageSize: 50 } } })),
  });
  const options = (orgs.data?.items ?? [])
    .filter((o) => o.kind !== 'agency')
    .map((o) => ({ value: o.id, label: o.name }));
  const save = useMutation({
    mutationFn: (v: Fields) =>
      unwrap(
        api.POST('/challenges/consortia', {
          body: {
            name: v.name,
            leadOrganisationId: v.leadOrganisationId,
            members: v.members,
            industryChainIds: v.industryChainIds ?? [],
            foundedOn: v.foundedOn.format('YYYY-MM-DD'),
            description: v.description ?? '',
          },
        }),
      ),
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: ['consortia'] });
      notify.ok(`已登记“${c.name}”`);
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['name', 'leadOrganisationId', 'members', 'industryChainIds', 'foundedOn']))
        setProblem(errorText(err));
    },
  });
  return (
    <Drawer
      open
      width={680}
      title="登记创新联合体"
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      {problem && <Alert type="error" showIcon role="alert" message={problem} style={{ marginBottom: 12 }} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{ members: [{}], foundedOn: dayjs() }}
        onFinish={(v) => {
          setProblem(null);
          save.mutate(v);
        }}
      >
        <Form.Item name="name" label="联合体名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="leadOrganisationId" label="牵头企业" rules={[{ required: true, message: '请选择牵头企业' }]}>
          <Select showSearch filterOption={false} onSearch={setQ} placeholder="输入单位名称搜索" options={options} />
        </Form.Item>
        <fieldset className="form-section">
          <legend>成员单位及分工</legend>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item
                      name={[f.name, 'organisationId']}
                      label={`成员单位 ${i + 1}`}
                      rules={[{ required: true, message: '请选择单位' }]}
                    >
                      <Select
                        showSearch
                        filterOption={false}
                        onSearch={setQ}
                        style={{ width: 240 }}
                        placeholder="输入单位名称搜索"
                        options={options}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'role']}
                      label={`成员 ${i + 1} 分工`}
                      rules={[{ required: true, message: '请填写分工' }]}
                    >
                      <Input maxLength={200} style={{ width: 240 }} placeholder="如：课题一承担单位" />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button onClick={() => remove(f.name)} className="row-remove">
                        删除成员 {i + 1}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加成员单位</Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Form.Item name="industryChainIds" label="产业链">
          <Select mode="multiple" options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="foundedOn" label="成立日期" rules={[{ required: true, message: '请选择成立日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="description" label="简介">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
