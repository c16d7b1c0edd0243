import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Space, Table } from 'antd';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { ACHIEVEMENT_TYPE_LABEL, UnderstoodFilters } from '../../../components/UnderstoodFilters';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { ACHIEVEMENT_STATUS_LABELS, label, MATURITY_STAGE_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { day, useNotify, useUrlState } from '../../../lib/workspace';
import { AchievementEditor } from '../AchievementEditor';
import { ToneTag } from '../manager/shared';

type Achievement = Schemas['AchievementResponseDto'];
type Status = Achievement['status'];
type Action = 'submit' | 'recall' | 'withdraw';

const PAGE_SIZE = 10;

const STATUS_TONES: Record<Status, 'plain' | 'ok' | 'info' | 'warn'> = {
  draft: 'plain',
  submitted: 'info',
  published: 'ok',
  transferred: 'info',
  withdrawn: 'warn',
};

const ACTIONS: Record<Action, { label: string; done: string; confirm: string; content: string; danger?: boolean }> = {
  submit: {
    label: '提交审核',
    done: '已提交审核，技术经理人审核后发布',
    confirm: '提交审核',
    content: '提交后由技术经理人审核发布；审核期间不能修改，如需修改可撤回提交。',
  },
  recall: {
    label: '撤回提交',
    done: '已撤回提交，成果回到草稿',
    confirm: '撤回提交',
    content: '撤回后成果回到草稿，可修改后重新提交审核。',
  },
  withdraw: {
    label: '撤回',
    done: '成果已撤回',
    confirm: '确认撤回',
    content: '撤回后成果不再公开展示，也不再参与新的匹配推荐；重新发布需联系技术经理人。',
    danger: true,
  },
};

/** Which workflow steps the institution may take on its record (the API's workflow for the owner). */
function actionsOf(status: Status): Action[] {
  if (status === 'draft') return ['submit'];
  if (status === 'submitted') return ['recall'];
  if (status === 'published') return ['withdraw'];
  return [];
}

/** 我的成果: the institution's own achievements with their status; edit drafts, submit for review, recall, withdraw. */
export default function MyAchievements() {
  const url = useUrlState();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const { me } = useSession();
  const status = (Object.keys(ACHIEVEMENT_STATUS_LABELS) as Status[]).find((s) => s === url.get('status'));
  const q = url.get('q');
  const understandOff = url.get('understand') === 'false';
  const editing = url.get('edit');

  const list = useQuery({
    queryKey: ['my-achievements', status, q, understandOff, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/achievements', {
          params: {
            query: {
              status: status ? [status] : undefined,
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
    placeholderData: keepPreviousData,
  });

  const refresh = () => client.invalidateQueries({ queryKey: ['my-achievements'] });

  const transition = useMutation({
    mutationFn: (input: { a: Achievement; action: Action }) =>
      unwrap(
        api.POST('/achievements/{id}/{action}', {
          params: { path: { id: input.a.id, action: input.action } },
          body: { version: input.a.version },
        }),
      ),
    onSuccess: async (_, input) => {
      notify.ok(ACTIONS[input.action].done);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });

  const confirm = (a: Achievement, action: Action) =>
    modal.confirm({
      title: `${ACTIONS[action].label}“${a.title}”？`,
      content: ACTIONS[action].content,
      okText: ACTIONS[action].confirm,
      okButtonProps: { danger: ACTIONS[action].danger },
      cancelText: '取消',
      onOk: () => transition.mutateAsync({ a, action }).catch(() => undefined),
    });

  const filtered = Boolean(status || q);

  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>我的成果</h1>
        <Space wrap>
          <Link to="/workspace/imports">
            <Button>批量导入</Button>
          </Link>
          <Button type="primary" onClick={() => url.update({ edit: 'new' }, true)}>
            登记成果
          </Button>
        </Space>
      </div>
      <div className="toolbar" role="search" aria-label="筛选我的成果">
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          allowClear
          placeholder="可直接提问，如：中试阶段的新能源电池成果"
          aria-label="搜索成果"
          style={{ width: 340 }}
          onSearch={(v) => url.update({ q: v.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="成果状态"
          style={{ width: 160 }}
          value={status}
          onChange={(v: string | undefined) => url.update({ status: v })}
          options={Object.entries(ACHIEVEMENT_STATUS_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
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
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Achievement>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 860 }}
          locale={{
            emptyText: list.isPending ? (
              ' '
            ) : (
              <EmptyState>
                {filtered ? '没有符合条件的成果' : '还没有成果：点击“登记成果”逐项登记，或用“批量导入”上传成果征集表'}
              </EmptyState>
            ),
          }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 项`,
            onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
          }}
          columns={[
            {
              title: '成果名称',
              dataIndex: 'title',
              render: (title: string, a) => (
                <>
                  <Link to={url.href({ edit: a.id })}>{title}</Link>
                  {a.status === 'draft' && a.lastReturn && (
                    <div className="returned-reason">退回原因：{a.lastReturn.reason}</div>
                  )}
                </>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 130,
              render: (s: Status, a) =>
                s === 'draft' && a.lastReturn ? (
                  <ToneTag tone="warn">已退回</ToneTag>
                ) : (
                  <ToneTag tone={STATUS_TONES[s]}>{ACHIEVEMENT_STATUS_LABELS[s]}</ToneTag>
                ),
            },
            {
              title: '产业链',
              dataIndex: 'industryChains',
              width: 160,
              render: (cs: Achievement['industryChains']) => cs.map((c) => c.name).join('、') || '—',
            },
            {
              title: '成熟度',
              dataIndex: 'stage',
              width: 90,
              render: (v: string | null) => label(MATURITY_STAGE_LABELS, v),
            },
            {
              title: '来源',
              dataIndex: 'sourceFile',
              width: 150,
              render: (v: string | null) => (v ? `导入：${v}` : '平台登记'),
            },
            { title: '更新时间', dataIndex: 'updatedAt', width: 110, render: (v: string) => day(v) },
            {
              title: '操作',
              key: 'actions',
              width: 190,
              render: (_, a) => (
                <Space size={4}>
                  {(a.status === 'draft' || a.status === 'published') && (
                    <Button
                      size="small"
                      onClick={() => url.update({ edit: a.id }, true)}
                      aria-label={`编辑 ${a.title}`}
                    >
                      编辑
                    </Button>
                  )}
                  {actionsOf(a.status).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      type={action === 'submit' ? 'primary' : 'default'}
                      danger={ACTIONS[action].danger}
                      onClick={() => confirm(a, action)}
                      aria-label={`${ACTIONS[action].label} ${a.title}`}
                    >
                      {ACTIONS[action].label}
                    </Button>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
      <AchievementEditor
        key={editing ?? 'closed'}
        id={editing}
        ownOrganisationId={me?.organisationId}
        onClose={() => url.update({ edit: undefined }, true)}
        onSaved={refresh}
      />
    </div>
  );
}
