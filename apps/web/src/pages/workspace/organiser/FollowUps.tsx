import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Switch, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { MATCH_STATUS_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { day, useNotify } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { type Activity, activityKey, FOLLOW_UP_OUTCOME_LABELS, type FollowUp, type FollowUpOutcome } from './shared';

/**
 * 会后跟进: one item per pair presented at the held activity (pairs whose side stayed away have none). The organiser
 * records contact, outcome, next step and due date; 有合作意向 asks the technology manager to confirm the pair —
 * managers confirm it here in one click, organisers see that it waits for them.
 */
export default function FollowUps({ activity, manages }: { activity: Activity; manages: boolean }) {
  const { me } = useSession();
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const items = useQuery({
    queryKey: ['follow-ups', activity.id],
    queryFn: () => unwrap(api.GET('/follow-ups', { params: { query: { activityId: activity.id, pageSize: 100 } } })),
    enabled: activity.status !== 'planned' && activity.status !== 'cancelled',
  });
  const staff = me?.role === 'manager' || me?.role === 'admin';

  if (activity.status === 'planned') {
    return <Alert type="info" showIcon message="活动举办后，清单中双方都到场的每一对生成一项会后跟进。" />;
  }
  if (activity.status === 'cancelled') return <Alert type="info" showIcon message="活动已取消，没有会后跟进。" />;
  if (items.error) return <ErrorState error={items.error} onRetry={() => void items.refetch()} />;
  return (
    <>
      <Table<FollowUp>
        rowKey="id"
        loading={items.isPending}
        dataSource={items.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyState>{'没有会后跟进事项'}</EmptyState> }}
        columns={[
          {
            title: '对接项目',
            key: 'pair',
            width: 280,
            render: (_, f) => (
              <>
                <div>{f.match.demand.title}</div>
                <div className="meta">{f.match.demand.organisationName}</div>
                <div>× {f.match.achievement.title}</div>
                <div className="meta">{f.match.achievement.organisationName}</div>
              </>
            ),
          },
          { title: '已联系', dataIndex: 'contacted', width: 80, render: (c: boolean) => (c ? '是' : '否') },
          {
            title: '对接结果',
            key: 'outcome',
            width: 150,
            render: (_, f) =>
              f.outcomeLabel ? (
                <ToneTag
                  tone={f.outcome === 'cooperation_intent' ? 'ok' : f.outcome === 'no_intent' ? 'plain' : 'info'}
                >
                  {f.outcomeLabel}
                </ToneTag>
              ) : (
                '未记录'
              ),
          },
          { title: '下一步', dataIndex: 'nextStep', width: 200, render: (s: string) => s || '—' },
          {
            title: '截止日期',
            key: 'due',
            width: 120,
            render: (_, f) => (
              <>
                {day(f.dueDate)}
                {f.overdue && <ToneTag tone="bad">已逾期</ToneTag>}
              </>
            ),
          },
          { title: '状态', dataIndex: 'statusLabel', width: 90 },
          {
            title: '匹配阶段',
            key: 'stage',
            width: 190,
            render: (_, f) =>
              f.awaitingConfirmation ? (
                staff ? (
                  <ConfirmPair followUp={f} />
                ) : (
                  <ToneTag tone="warn">待技术经理人确认</ToneTag>
                )
              ) : (
                ((MATCH_STATUS_LABELS as Record<string, string>)[f.match.status] ?? f.match.status)
              ),
          },
          ...(manages
            ? [
                {
                  title: '操作',
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, f: FollowUp) => (
                    <Button size="small" aria-label={`记录跟进 ${f.match.demand.title}`} onClick={() => setEditing(f)}>
                      记录跟进
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <FollowUpDialog activityId={activity.id} item={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

/** One click for the technology manager: the normal confirm of the match pipeline (精准匹配). */
export function ConfirmPair({ followUp, onConfirmed }: { followUp: FollowUp; onConfirmed?: () => void }) {
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const confirm = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/matches/{id}/{action}', {
          params: { path: { id: followUp.match.id, action: 'confirm' } },
          body: { note: `${followUp.activity.title}会后跟进：有合作意向` },
        }),
      ),
    onSuccess: () => {
      notify.ok('已确认为精准匹配');
      void client.invalidateQueries({ queryKey: ['follow-ups'] });
      void client.invalidateQueries({ queryKey: ['matches'] });
      onConfirmed?.();
    },
    onError: notify.fail,
  });
  return (
    <Button
      size="small"
      type="primary"
      loading={confirm.isPending}
      aria-label={`确认精准匹配 ${followUp.match.demand.title} × ${followUp.match.achievement.title}`}
      onClick={() =>
        modal.confirm({
          title: '确认精准匹配',
          content: `${followUp.match.demand.title} × ${followUp.match.achievement.title}：会后跟进记录为有合作意向。确认后计入“精准匹配”。`,
          okText: '确认',
          cancelText: '取消',
          onOk: () => confirm.mutateAsync(),
        })
      }
    >
      确认精准匹配
    </Button>
  );
}

interface Fields {
  contacted: boolean;
  outcome?: FollowUpOutcome | null;
  nextStep?: string;
  dueDate?: Dayjs | null;
  done: boolean;
  note?: string;
}

function FollowUpDialog({ activityId, item, onClose }: { activityId: string; item: FollowUp; onClose: () => void }) {
  const [form] = Form.useForm<Fields>();
  const client = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: (v: Fields) =>
      unwrap(
        api.PATCH('/follow-ups/{id}', {
          params: { path: { id: item.id } },
          body: {
            contacted: v.contacted,
            outcome: v.outcome ?? null,
            nextStep: v.nextStep ?? '',
            dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null,
            status: v.done ? 'done' : 'open',
            note: v.note ?? '',
            version: item.version,
          },
        }),
      ),
    onSuccess: (f) => {
      void client.invalidateQueries({ queryKey: ['follow-ups', activityId] });
      void client.invalidateQueries({ queryKey: activityKey(activityId) });
      notify.ok(f.awaitingConfirmation ? '跟进已保存，已提请技术经理人确认精准匹配' : '跟进已保存');
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['contacted', 'outcome', 'nextStep', 'dueDate', 'note'])) notify.fail(err);
    },
  });
  return (
    <Modal
      open
      title="记录会后跟进"
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: save.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <p>
        {item.match.demand.title} × {item.match.achievement.title}
      </p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          contacted: item.contacted,
          outcome: item.outcome ?? undefined,
          nextStep: item.nextStep,
          dueDate: item.dueDate ? dayjs(item.dueDate) : null,
          done: item.status === 'done',
          note: item.note,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="contacted" label="双方已联系" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="outcome"
          label="对接结果"
          extra="有合作意向：提请负责的技术经理人确认为精准匹配（组织方不能自行确认）。"
        >
          <Select
            allowClear
            placeholder="选择对接结果"
            options={Object.entries(FOLLOW_UP_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="nextStep" label="下一步">
          <Input maxLength={2000} placeholder="如：下周安排企业技术负责人赴校考察样机" />
        </Form.Item>
        <Form.Item name="dueDate" label="截止日期">
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="done" label="跟进已完成" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label="跟进记录">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
