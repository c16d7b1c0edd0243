import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Progress, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';

import { PairPickerFields } from '../../../components/PairPickers';
import { EmptyState, ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { useExportJobStatus } from '../../../lib/export-job';
import { showFieldErrors } from '../../../lib/form-errors';
import { time, useNotify } from '../../../lib/workspace';
import { type Activity, activityKey, type MatchList, type MatchListItem, type Proposal, scoreText } from './shared';

type ExportFormat = Schemas['MatchListExportDto']['format'];

/**
 * 对接清单 builder: the engine's proposals (score and reasons) on one side, the list in its order on the other —
 * add, remove, move, a note per pair, pairs by hand; lock it when final; export xlsx / csv / the PDF handout.
 */
export default function MatchListBuilder({ activity, manages }: { activity: Activity; manages: boolean }) {
  const client = useQueryClient();
  const notify = useNotify();
  const [live, setLive] = useState(false);
  const [manual, setManual] = useState(false);
  const [noting, setNoting] = useState<MatchListItem | null>(null);
  const listKey = ['match-list', activity.id];
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => unwrap(api.GET('/activities/{id}/match-items', { params: { path: { id: activity.id } } })),
  });
  const editable = manages && !!list.data && !list.data.frozen;
  const proposals = useQuery({
    queryKey: ['proposals', activity.id, live],
    queryFn: () =>
      unwrap(
        api.GET('/activities/{id}/proposals', {
          params: { path: { id: activity.id }, query: { live, limit: 50 } },
        }),
      ),
    enabled: editable,
  });

  const changed = (view: MatchList, text: string) => {
    client.setQueryData(listKey, view);
    void client.invalidateQueries({ queryKey: ['proposals', activity.id] });
    void client.invalidateQueries({ queryKey: activityKey(activity.id) });
    notify.ok(text);
  };
  const path = { params: { path: { id: activity.id } } };
  const add = useMutation({
    mutationFn: (p: Proposal) =>
      unwrap(
        api.POST('/activities/{id}/match-items', {
          ...path,
          body: p.matchId ? { matchId: p.matchId } : { demandId: p.demand.id, achievementId: p.achievement.id },
        }),
      ),
    onSuccess: (v) => changed(v, '已加入对接清单'),
    onError: notify.fail,
  });
  const remove = useMutation({
    mutationFn: (item: MatchListItem) =>
      unwrap(
        api.DELETE('/activities/{id}/match-items/{itemId}', {
          params: { path: { id: activity.id, itemId: item.itemId } },
        }),
      ),
    onSuccess: (v) => changed(v, '已移出对接清单'),
    onError: notify.fail,
  });
  const move = useMutation({
    mutationFn: ({ item, position }: { item: MatchListItem; position: number }) =>
      unwrap(
        api.PATCH('/activities/{id}/match-items/{itemId}', {
          params: { path: { id: activity.id, itemId: item.itemId } },
          body: { position },
        }),
      ),
    onSuccess: (v) => changed(v, '顺序已调整'),
    onError: notify.fail,
  });
  const lock = useMutation({
    mutationFn: (locked: boolean) =>
      unwrap(
        locked
          ? api.POST('/activities/{id}/match-list/lock', path)
          : api.POST('/activities/{id}/match-list/unlock', path),
      ),
    onSuccess: (v) => changed(v, v.locked ? '对接清单已锁定' : '对接清单已解锁'),
    onError: notify.fail,
  });

  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const view = list.data;
  const items = view?.items ?? [];

  return (
    <div className="match-list-builder">
      <div className="toolbar">
        {view?.locked && <Tag color="#1d4ed8">已锁定 {time(view.lockedAt)}</Tag>}
        {view && view.activityStatus !== 'planned' && <Tag>活动{activity.statusLabel}，清单不可修改</Tag>}
        {manages && activity.status === 'planned' && view && (
          <Button onClick={() => lock.mutate(!view.locked)} loading={lock.isPending}>
            {view.locked ? '解锁清单' : '锁定清单'}
          </Button>
        )}
        {manages && <ExportButtons activityId={activity.id} disabled={!items.length} />}
      </div>

      <section aria-label="对接清单">
        <div className="page-head">
          <h2>对接清单（{items.length} 对）</h2>
          {editable && <Button onClick={() => setManual(true)}>手动添加配对</Button>}
        </div>
        <Table<MatchListItem>
          rowKey="itemId"
          loading={list.isPending}
          dataSource={items}
          pagination={false}
          locale={{
            emptyText: <EmptyState>{editable ? '清单为空：从下方推荐中加入，或手动添加配对' : '清单为空'}</EmptyState>,
          }}
          columns={[
            { title: '序号', dataIndex: 'position', width: 64 },
            {
              title: '技术需求',
              key: 'demand',
              render: (_, i) => (
                <>
                  <div>{i.demand.title}</div>
                  <div className="meta">{i.demand.organisationName}</div>
                </>
              ),
            },
            {
              title: '科技成果',
              key: 'achievement',
              render: (_, i) => (
                <>
                  <div>{i.achievement.title}</div>
                  <div className="meta">{i.achievement.organisationName}</div>
                </>
              ),
            },
            { title: '匹配度', key: 'score', width: 90, render: (_, i) => scoreText(i.origin, i.score) },
            { title: '匹配理由', dataIndex: 'summary' },
            { title: '备注', dataIndex: 'note', width: 140, render: (n: string) => n || '—' },
            ...(editable
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 230,
                    render: (_: unknown, i: MatchListItem) => (
                      <Space size={4} wrap>
                        <Button
                          size="small"
                          aria-label={`上移 第 ${i.position} 对`}
                          disabled={i.position === 1}
                          onClick={() => move.mutate({ item: i, position: i.position - 1 })}
                        >
                          上移
                        </Button>
                        <Button
                          size="small"
                          aria-label={`下移 第 ${i.position} 对`}
                          disabled={i.position === items.length}
                          onClick={() => move.mutate({ item: i, position: i.position + 1 })}
                        >
                          下移
                        </Button>
                        <Button size="small" aria-label={`备注 第 ${i.position} 对`} onClick={() => setNoting(i)}>
                          备注
                        </Button>
                        <Button
                          size="small"
                          danger
                          aria-label={`移出 第 ${i.position} 对`}
                          onClick={() => remove.mutate(i)}
                        >
                          移出
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </section>

      {editable && (
        <section aria-label="推荐配对">
          <div className="page-head">
            <h2>推荐配对</h2>
            <Space>
              <Switch checked={live} onChange={setLive} aria-label="实时计算推荐" />
              <span>实时计算（参与企业的需求重新匹配）</span>
            </Space>
          </div>
          <p className="form-note">
            在参与企业的需求与参与高校院所的成果之间、活动产业链内的推荐，按匹配度从高到低；已在清单中的不再列出。
          </p>
          {proposals.error ? (
            <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
          ) : (
            <Table<Proposal>
              rowKey={(p) => `${p.demand.id}:${p.achievement.id}`}
              loading={proposals.isFetching}
              dataSource={proposals.data ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: <EmptyState>{'暂无推荐：请确认参与机构和产业链，或打开实时计算'}</EmptyState> }}
              columns={[
                {
                  title: '技术需求',
                  key: 'demand',
                  render: (_, p) => (
                    <>
                      <div>{p.demand.title}</div>
                      <div className="meta">{p.demand.organisationName}</div>
                    </>
                  ),
                },
                {
                  title: '科技成果',
                  key: 'achievement',
                  render: (_, p) => (
                    <>
                      <div>{p.achievement.title}</div>
                      <div className="meta">{p.achievement.organisationName}</div>
                    </>
                  ),
                },
                { title: '匹配度', key: 'score', width: 80, render: (_, p) => `${Math.round(p.score * 100)}%` },
                { title: '推荐理由', dataIndex: 'summary' },
                {
                  title: '操作',
                  key: 'add',
                  width: 110,
                  render: (_, p) => (
                    <Button
                      size="small"
                      type="primary"
                      aria-label={`加入清单 ${p.demand.title} × ${p.achievement.title}`}
                      loading={add.isPending && add.variables === p}
                      onClick={() => add.mutate(p)}
                    >
                      加入清单
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </section>
      )}
      {manual && (
        <ManualPair
          activityId={activity.id}
          onClose={() => setManual(false)}
          onAdded={(v) => {
            setManual(false);
            changed(v, '已手动添加配对');
          }}
        />
      )}
      {noting && (
        <NoteDialog
          activityId={activity.id}
          item={noting}
          onClose={() => setNoting(null)}
          onSaved={(v) => {
            setNoting(null);
            changed(v, '备注已保存');
          }}
        />
      )}
    </div>
  );
}

function NoteDialog({
  activityId,
  item,
  onClose,
  onSaved,
}: {
  activityId: string;
  item: MatchListItem;
  onClose: () => void;
  onSaved: (v: MatchList) => void;
}) {
  const [note, setNote] = useState(item.note);
  const notify = useNotify();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/activities/{id}/match-items/{itemId}', {
          params: { path: { id: activityId, itemId: item.itemId } },
          body: { note },
        }),
      ),
    onSuccess: onSaved,
    onError: notify.fail,
  });
  return (
    <Modal
      open
      title={`第 ${item.position} 对的备注`}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: save.isPending }}
      onOk={() => save.mutate()}
      onCancel={onClose}
    >
      <p>
        {item.demand.title} × {item.achievement.title}
      </p>
      <label htmlFor="pair-note">备注（印在对接手册上）</label>
      <Input.TextArea id="pair-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}

interface ManualFields {
  demandId: string;
  achievementId: string;
  note?: string;
}

/** A pair by hand: search a published demand and a published achievement. */
function ManualPair({
  activityId,
  onClose,
  onAdded,
}: {
  activityId: string;
  onClose: () => void;
  onAdded: (v: MatchList) => void;
}) {
  const [form] = Form.useForm<ManualFields>();
  const notify = useNotify();
  const add = useMutation({
    mutationFn: (v: ManualFields) =>
      unwrap(
        api.POST('/activities/{id}/match-items', {
          params: { path: { id: activityId } },
          body: { demandId: v.demandId, achievementId: v.achievementId, note: v.note || undefined },
        }),
      ),
    onSuccess: onAdded,
    onError: (err) => {
      if (!showFieldErrors(form, err, ['demandId', 'achievementId', 'note'])) notify.fail(err);
    },
  });
  return (
    <Modal
      open
      title="手动添加配对"
      okText="加入清单"
      cancelText="取消"
      okButtonProps={{ loading: add.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <PairPickerFields />
        <Form.Item name="note" label="备注（选填）">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
  xlsx: '导出 Excel',
  csv: '导出 CSV',
  pdf: '下载对接手册（PDF）',
};

/** Export as a job: a dialog shows its progress, then the file to download. */
function ExportButtons({ activityId, disabled }: { activityId: string; disabled: boolean }) {
  const [job, setJob] = useState<{ id: string; format: ExportFormat } | null>(null);
  const notify = useNotify();
  const start = useMutation({
    mutationFn: (format: ExportFormat) =>
      unwrap(api.POST('/activities/{id}/exports', { params: { path: { id: activityId } }, body: { format } })),
    onSuccess: (j, format) => setJob({ id: j.id, format }),
    onError: notify.fail,
  });
  return (
    <>
      <Space wrap>
        {(Object.keys(FORMAT_LABELS) as ExportFormat[]).map((f) => (
          <Button
            key={f}
            disabled={disabled}
            loading={start.isPending && start.variables === f}
            onClick={() => start.mutate(f)}
          >
            {FORMAT_LABELS[f]}
          </Button>
        ))}
      </Space>
      {job && <ExportProgress jobId={job.id} title={FORMAT_LABELS[job.format]} onClose={() => setJob(null)} />}
    </>
  );
}

function ExportProgress({ jobId, title, onClose }: { jobId: string; title: string; onClose: () => void }) {
  const status = useExportJobStatus(jobId, 700);
  const job = status.data;
  const { message } = App.useApp();
  return (
    <Modal open title={title} footer={null} onCancel={onClose}>
      {status.error ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : job?.status === 'failed' ? (
        <Alert type="error" showIcon message="导出失败" description={job.error ?? '请稍后重试'} />
      ) : (
        <>
          <Progress
            percent={Math.round((job?.progress ?? 0) * 100)}
            status={job?.status === 'done' ? 'success' : 'active'}
            aria-label="导出进度"
          />
          <p role="status" aria-live="polite">
            {job ? job.statusLabel : '排队中'}
            {job?.filename ? `：${job.filename}` : ''}
          </p>
          {job?.downloadUrl && (
            <Button
              type="primary"
              href={job.downloadUrl}
              download={job.filename ?? true}
              onClick={() => void message.success('开始下载')}
            >
              下载文件
            </Button>
          )}
        </>
      )}
    </Modal>
  );
}
