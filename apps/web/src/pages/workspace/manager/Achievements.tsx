import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import {
  ACHIEVEMENT_STATUS_LABELS,
  COOPERATION_MODE_LABELS,
  IP_STATUS_LABELS,
  IP_TYPE_LABELS,
  label,
  MATURITY_STAGE_LABELS,
} from '../../../lib/labels';
import { day, errorText, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from './shared';

type Achievement = Schemas['AchievementResponseDto'];
type AchievementStatus = Achievement['status'];
type BulkResult = Schemas['BulkPublishResultDto'];
type Fields = Schemas['CreateAchievementDto'];

const PAGE_SIZE = 20;

const STATUS_TONES: Record<AchievementStatus, 'plain' | 'ok' | 'info' | 'warn'> = {
  draft: 'plain',
  submitted: 'info',
  published: 'ok',
  transferred: 'info',
  withdrawn: 'warn',
};

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, text]) => ({ value, label: text }));

/** 成果管理: the whole catalogue for managers; create, edit, publish, withdraw, and publish many drafts at once. */
export default function Achievements() {
  const url = useUrlState();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const chains = useChains();
  const status = url.get('status') as AchievementStatus | undefined;
  const chain = url.get('chain');
  const q = url.get('q');
  const editing = url.get('edit');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkResult, setBulkResult] = useState<{ result: BulkResult; titles: Map<string, string> } | null>(null);

  const list = useQuery({
    queryKey: ['achievements', status, chain, q, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/achievements', {
          params: {
            query: {
              status: status ? [status] : undefined,
              chain,
              q,
              page: url.page,
              pageSize: PAGE_SIZE,
              sort: 'updatedAt',
              order: 'desc',
            },
          },
        }),
      ),
  });

  const refresh = () => client.invalidateQueries({ queryKey: ['achievements'] });

  const transition = useMutation({
    mutationFn: (input: { a: Achievement; action: 'publish' | 'withdraw' }) =>
      unwrap(
        api.POST('/achievements/{id}/{action}', {
          params: { path: { id: input.a.id, action: input.action } },
          body: { version: input.a.version },
        }),
      ),
    onSuccess: async (_, input) => {
      notify.ok(input.action === 'publish' ? '成果已发布' : '成果已撤回');
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });

  const bulk = useMutation({
    mutationFn: (ids: string[]) => unwrap(api.POST('/achievements/bulk-publish', { body: { ids } })),
    onSuccess: async (result, ids) => {
      const titles = new Map((list.data?.items ?? []).filter((a) => ids.includes(a.id)).map((a) => [a.id, a.title]));
      setBulkResult({ result, titles });
      setSelected([]);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });

  const confirmTransition = (a: Achievement, action: 'publish' | 'withdraw') =>
    modal.confirm({
      title: action === 'publish' ? `确认发布“${a.title}”？` : `确认撤回“${a.title}”？`,
      content:
        action === 'publish'
          ? '发布后成果将在成果库公开展示（联系方式仍保密），并参与匹配推荐。'
          : '撤回后成果不再公开展示，也不再参与新的匹配推荐。',
      okText: action === 'publish' ? '确认发布' : '确认撤回',
      okButtonProps: { danger: action === 'withdraw' },
      cancelText: '取消',
      onOk: () => transition.mutateAsync({ a, action }).catch(() => undefined),
    });

  const confirmBulk = () =>
    modal.confirm({
      title: `确认发布选中的 ${selected.length} 项成果？`,
      content: '每项成果单独校验并发布；未能发布的会逐条说明原因，保持原状。',
      okText: '批量发布',
      cancelText: '取消',
      onOk: () => bulk.mutateAsync(selected).catch(() => undefined),
    });

  const columns = [
    {
      title: '成果名称',
      dataIndex: 'title',
      render: (title: string, a: Achievement) => <Link to={url.href({ edit: a.id })}>{title}</Link>,
    },
    { title: '所属单位', dataIndex: 'institutionName', width: 200, render: (v: string | null) => v ?? '—' },
    {
      title: '产业链',
      dataIndex: 'industryChains',
      width: 150,
      render: (cs: Achievement['industryChains']) => cs.map((c) => c.name).join('、') || '—',
    },
    { title: '成熟度', dataIndex: 'stage', width: 90, render: (v: string | null) => label(MATURITY_STAGE_LABELS, v) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: AchievementStatus) => <ToneTag tone={STATUS_TONES[s]}>{ACHIEVEMENT_STATUS_LABELS[s]}</ToneTag>,
    },
    { title: '更新时间', dataIndex: 'updatedAt', width: 110, render: (v: string) => day(v) },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_: unknown, a: Achievement) => (
        <Space size={4}>
          <Button size="small" onClick={() => url.update({ edit: a.id }, true)} aria-label={`编辑 ${a.title}`}>
            编辑
          </Button>
          {(a.status === 'draft' || a.status === 'submitted' || a.status === 'withdrawn') && (
            <Button
              size="small"
              type="primary"
              onClick={() => confirmTransition(a, 'publish')}
              aria-label={`发布 ${a.title}`}
            >
              发布
            </Button>
          )}
          {a.status === 'published' && (
            <Button size="small" danger onClick={() => confirmTransition(a, 'withdraw')} aria-label={`撤回 ${a.title}`}>
              撤回
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>成果管理</h1>
        <Button type="primary" onClick={() => url.update({ edit: 'new' }, true)}>
          新建成果
        </Button>
      </div>
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          allowClear
          placeholder="按名称、简介、关键词、专利号搜索"
          aria-label="搜索成果"
          style={{ width: 300 }}
          onSearch={(v) => url.update({ q: v.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="成果状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v: string | undefined) => url.update({ status: v })}
          options={options(ACHIEVEMENT_STATUS_LABELS)}
        />
        <Select
          allowClear
          placeholder="全部产业链"
          aria-label="产业链"
          style={{ width: 180 }}
          value={chain}
          onChange={(v: string | undefined) => url.update({ chain: v })}
          options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Button disabled={selected.length === 0} onClick={confirmBulk} loading={bulk.isPending}>
          批量发布{selected.length ? `（${selected.length}）` : ''}
        </Button>
      </div>
      {list.isPending ? (
        <PageLoading />
      ) : list.error || !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Achievement>
          rowKey="id"
          columns={columns}
          dataSource={list.data.items}
          loading={list.isFetching}
          locale={{ emptyText: '没有符合条件的成果' }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (a) => ({ 'aria-label': `选择 ${a.title}` }),
          }}
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
      <Modal
        open={!!bulkResult}
        title="批量发布结果"
        onCancel={() => setBulkResult(null)}
        footer={<Button onClick={() => setBulkResult(null)}>知道了</Button>}
      >
        {bulkResult && (
          <div className="bulk-result">
            <Alert
              type={bulkResult.result.failed ? 'warning' : 'success'}
              showIcon
              message={`共 ${bulkResult.result.total} 项：发布成功 ${bulkResult.result.succeeded} 项，未能发布 ${bulkResult.result.failed} 项`}
            />
            <ul aria-label="逐条结果">
              {bulkResult.result.results.map((r) => (
                <li key={r.id}>
                  <ToneTag tone={r.ok ? 'ok' : 'bad'}>{r.ok ? '已发布' : '未发布'}</ToneTag>
                  {bulkResult.titles.get(r.id) ?? r.id}
                  {!r.ok && r.message ? `：${r.message}` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Modal>
      {/* A fresh editor (and form) per record: nothing of one record stays in the next one's form. */}
      <AchievementEditor
        key={editing ?? 'closed'}
        id={editing}
        onClose={() => url.update({ edit: undefined }, true)}
        onSaved={refresh}
      />
    </div>
  );
}

const FIELD_NAMES = [
  'title',
  'abstract',
  'keywords',
  'team',
  'institutionId',
  'industryChainIds',
  'trl',
  'stage',
  'ipType',
  'ipStatus',
  'patentNumbers',
  'transferModes',
  'askingPrice',
  'applicationScenarios',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;

/** Create (id "new") or edit an achievement, each field with its guidance. */
function AchievementEditor({
  id,
  onClose,
  onSaved,
}: {
  id: string | undefined;
  onClose: () => void;
  onSaved: () => unknown;
}) {
  const notify = useNotify();
  const client = useQueryClient();
  const chains = useChains();
  const [form] = Form.useForm<Fields>();
  const [orgQuery, setOrgQuery] = useState('');
  const isNew = id === 'new';
  const existing = useQuery({
    queryKey: ['achievement', id],
    queryFn: () => unwrap(api.GET('/achievements/{id}', { params: { path: { id: id! } } })),
    enabled: !!id && !isNew,
  });
  const institutions = useQuery({
    queryKey: ['organisations', 'university', orgQuery],
    queryFn: () =>
      unwrap(
        api.GET('/organisations', {
          params: { query: { kind: 'university', q: orgQuery || undefined, pageSize: 20 } },
        }),
      ),
    enabled: isNew,
  });

  const save = useMutation({
    mutationFn: async (values: Fields) => {
      const body = { ...values, askingPrice: values.askingPrice ?? null, trl: values.trl ?? null };
      if (isNew) return unwrap(api.POST('/achievements', { body }));
      const { institutionId: _ignored, ...rest } = body;
      return unwrap(
        api.PATCH('/achievements/{id}', {
          params: { path: { id: id! } },
          body: { ...rest, version: existing.data!.version! },
        }),
      );
    },
    onSuccess: async () => {
      notify.ok(isNew ? '成果已保存为草稿' : '修改已保存');
      await onSaved();
      await client.invalidateQueries({ queryKey: ['achievement', id] });
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELD_NAMES)) notify.fail(err);
    },
  });

  const a = existing.data;
  const ready = isNew || !!a;
  const initial: Partial<Fields> | undefined = isNew
    ? { keywords: [], industryChainIds: [], patentNumbers: [], transferModes: [] }
    : a
      ? {
          title: a.title,
          abstract: a.abstract,
          keywords: a.keywords,
          team: a.team,
          industryChainIds: a.industryChainIds,
          trl: a.trl,
          stage: a.stage,
          ipType: a.ipType,
          ipStatus: a.ipStatus,
          patentNumbers: a.patentNumbers,
          transferModes: a.transferModes,
          askingPrice: a.askingPrice,
          applicationScenarios: a.applicationScenarios,
          contactName: a.contactName,
          contactPhone: a.contactPhone,
          contactEmail: a.contactEmail,
        }
      : undefined;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={720}
      title={isNew ? '新建成果' : a ? `编辑成果：${a.title}` : '编辑成果'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" disabled={!ready} loading={save.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {!ready ? (
        existing.error ? (
          <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />
        ) : (
          <PageLoading />
        )
      ) : (
        <Form
          form={form}
          name={`achievement-${id}`}
          layout="vertical"
          initialValues={initial}
          onFinish={(v) => save.mutate(v)}
          scrollToFirstError
        >
          {!isNew && a && (
            <p className="form-note">
              状态：{ACHIEVEMENT_STATUS_LABELS[a.status]} · 所属单位：{a.institutionName ?? '—'}
            </p>
          )}
          <Form.Item
            name="title"
            label="成果名称"
            rules={[{ required: true, whitespace: true, message: '请填写成果名称' }]}
            extra="写明技术本身，如“基于柔性齿形修形的高精度谐波减速器”。"
          >
            <Input maxLength={200} />
          </Form.Item>
          {isNew && (
            <Form.Item
              name="institutionId"
              label="所属单位"
              rules={[{ required: true, message: '请选择成果所属的高校院所' }]}
              extra="成果的持有单位（高校或科研院所），输入名称搜索。"
            >
              <Select
                showSearch={{ filterOption: false, onSearch: setOrgQuery }}
                placeholder="输入单位名称搜索"
                loading={institutions.isFetching}
                options={(institutions.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                notFoundContent={institutions.error ? errorText(institutions.error) : '没有找到单位'}
              />
            </Form.Item>
          )}
          <Form.Item
            name="abstract"
            label="成果简介"
            rules={[{ required: true, whitespace: true, message: '请填写成果简介' }]}
            extra="说明解决的问题、关键技术和量化的性能指标（如回差、寿命、精度），便于与企业需求匹配。"
          >
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name="keywords" label="关键词" extra="输入后按回车添加，用于检索和匹配。">
            <Select mode="tags" open={false} suffixIcon={null} placeholder="如：谐波减速器" />
          </Form.Item>
          <Form.Item name="industryChainIds" label="所属产业链" extra="最多 5 个；匹配时优先推荐给同产业链的需求。">
            <Select
              mode="multiple"
              maxCount={5}
              options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item name="trl" label="技术就绪度（TRL）" extra="1–9 级；不填成熟度时据此推算。">
              <InputNumber min={1} max={9} precision={0} />
            </Form.Item>
            <Form.Item name="stage" label="成熟度" extra="实验室 / 小试 / 中试 / 产业化。">
              <Select allowClear style={{ width: 140 }} options={options(MATURITY_STAGE_LABELS)} />
            </Form.Item>
            <Form.Item name="askingPrice" label="意向价格（万元）" extra="不填即为面议。">
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Space wrap size="large" align="start">
            <Form.Item name="ipType" label="知识产权类型">
              <Select allowClear style={{ width: 180 }} options={options(IP_TYPE_LABELS)} />
            </Form.Item>
            <Form.Item name="ipStatus" label="知识产权状态">
              <Select allowClear style={{ width: 140 }} options={options(IP_STATUS_LABELS)} />
            </Form.Item>
          </Space>
          <Form.Item name="patentNumbers" label="专利号" extra="如 CN202310123456.7；“ZL”开头的号码会自动规范。">
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="transferModes" label="转化方式" extra="可接受的合作方式，匹配时与需求的合作方式对照。">
            <Select mode="multiple" options={options(COOPERATION_MODE_LABELS)} />
          </Form.Item>
          <Form.Item name="team" label="研发团队">
            <Input maxLength={500} placeholder="如：张教授团队（机械工程学院）" />
          </Form.Item>
          <Form.Item name="applicationScenarios" label="应用场景">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <fieldset className="confidential">
            <legend>联系人（保密：仅技术经理人和成果所属单位可见）</legend>
            <Space wrap size="large" align="start">
              <Form.Item name="contactName" label="联系人">
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="contactPhone" label="联系电话">
                <Input maxLength={30} />
              </Form.Item>
              <Form.Item name="contactEmail" label="联系邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Space>
          </fieldset>
        </Form>
      )}
    </Drawer>
  );
}
