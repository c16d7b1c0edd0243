import { EditOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tooltip } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { ACHIEVEMENT_TYPE_LABEL, UnderstoodFilters } from '../../../components/UnderstoodFilters';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { ACHIEVEMENT_STATUS_LABELS, label, MATURITY_STAGE_LABELS } from '../../../lib/labels';
import { day, useChains, useNotify, useUrlState } from '../../../lib/workspace';
import { AchievementEditor } from '../AchievementEditor';
import { ToneTag } from './shared';

type Achievement = Schemas['AchievementResponseDto'];
type AchievementStatus = Achievement['status'];
type BulkResult = Schemas['BulkPublishResultDto'];

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

/** A small icon-only row action: its name shows on hover and is the button's accessible name. */
function IconAction(props: {
  label: string;
  icon: ReactNode;
  onClick: () => void;
  'aria-label': string;
  danger?: boolean;
}) {
  return (
    <Tooltip title={props.label}>
      <Button
        size="small"
        icon={props.icon}
        danger={props.danger}
        onClick={props.onClick}
        aria-label={props['aria-label']}
      />
    </Tooltip>
  );
}

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
  const understandOff = url.get('understand') === 'false';
  const editing = url.get('edit');
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<Achievement | null>(null);
  const [returnForm] = Form.useForm<{ reason: string }>();
  const [bulkResult, setBulkResult] = useState<{ result: BulkResult; titles: Map<string, string> } | null>(null);

  const list = useQuery({
    queryKey: ['achievements', status, chain, q, understandOff, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/achievements', {
          params: {
            query: {
              status: status ? [status] : undefined,
              chain,
              q,
              understand: understandOff ? false : undefined,
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

  const giveBack = useMutation({
    mutationFn: (input: { a: Achievement; reason: string }) =>
      unwrap(
        api.POST('/achievements/{id}/{action}', {
          params: { path: { id: input.a.id, action: 'return' } },
          body: { reason: input.reason, version: input.a.version },
        }),
      ),
    onSuccess: async () => {
      notify.ok('已退回成果所属单位修改');
      setReturning(null);
      returnForm.resetFields();
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(returnForm, err, ['reason'])) notify.fail(err);
    },
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
      width: 120,
      // 发布 is the one action spelled out; the others are icon buttons named for screen readers and on hover.
      render: (_: unknown, a: Achievement) => (
        <Space size={4}>
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
          <IconAction
            label="编辑"
            icon={<EditOutlined />}
            onClick={() => url.update({ edit: a.id }, true)}
            aria-label={`编辑 ${a.title}`}
          />
          {a.status === 'submitted' && (
            <IconAction
              label="退回修改"
              icon={<RollbackOutlined />}
              onClick={() => setReturning(a)}
              aria-label={`退回修改 ${a.title}`}
            />
          )}
          {a.status === 'published' && (
            <IconAction
              label="撤回"
              icon={<StopOutlined />}
              danger
              onClick={() => confirmTransition(a, 'withdraw')}
              aria-label={`撤回 ${a.title}`}
            />
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
          placeholder="可直接提问，如：苏州大学有哪些中试阶段的新能源电池成果"
          aria-label="搜索成果"
          style={{ width: 420 }}
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
      <div className="list-understood">
        <UnderstoodFilters
          understood={list.data?.understood}
          off={understandOff && !!q}
          update={(patch) => url.update(patch)}
          noun="成果"
          typeLabel={ACHIEVEMENT_TYPE_LABEL}
        />
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
        open={!!returning}
        title={returning ? `退回修改“${returning.title}”` : '退回修改'}
        okText="退回修改"
        cancelText="取消"
        confirmLoading={giveBack.isPending}
        onOk={() => returnForm.submit()}
        onCancel={() => {
          setReturning(null);
          returnForm.resetFields();
        }}
        forceRender
      >
        <Form
          form={returnForm}
          layout="vertical"
          onFinish={(v) => returning && giveBack.mutate({ a: returning, reason: v.reason })}
        >
          <Form.Item
            name="reason"
            label="退回原因"
            extra="成果所属单位可见：说明需要修改或补充的地方，退回时必填。"
            rules={[{ required: true, whitespace: true, message: '请填写退回原因' }]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount placeholder="如：请补充专利号与应用场景" />
          </Form.Item>
        </Form>
      </Modal>
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
        staff
        onClose={() => url.update({ edit: undefined }, true)}
        onSaved={refresh}
      />
    </div>
  );
}
