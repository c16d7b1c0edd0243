import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Descriptions, Form, InputNumber, Modal, Space, Tabs } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';

import { QueryView } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useSession } from '../../../lib/session';
import { day, time, useNotify, useUrlState } from '../../../lib/workspace';
import { type Activity, activityKey, ActivityStatusTag, useActivity } from './shared';

const ActivityForm = lazy(() => import('./ActivityForm'));
const MatchListBuilder = lazy(() => import('./MatchListBuilder'));
const FollowUps = lazy(() => import('./FollowUps'));

/** One activity: what, when, who; its 对接清单 and, once held, its 会后跟进. */
export default function ActivityDetail() {
  const { id } = useParams() as { id: string };
  const activity = useActivity(id);
  return (
    <div className="manager-page">
      <p>
        <Link to="/workspace/activities">← 返回活动列表</Link>
      </p>
      <QueryView query={activity}>{(a) => <ActivityPage activity={a} />}</QueryView>
    </div>
  );
}

function ActivityPage({ activity }: { activity: Activity }) {
  const url = useUrlState();
  const { me } = useSession();
  const { modal } = App.useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [holding, setHolding] = useState(false);
  const tab = url.get('tab') ?? (activity.status === 'planned' ? 'list' : 'follow-ups');
  // The API decides; the page offers what the organiser (its creator or organisation) and staff may do.
  const manages =
    me?.role === 'admin' ||
    me?.role === 'manager' ||
    (me?.role === 'organizer' &&
      (activity.organiserUserId === me.id ||
        (!!me.organisationId && activity.organiserOrganisationId === me.organisationId)));

  const cancel = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/activities/{id}/cancel', {
          params: { path: { id: activity.id } },
          body: { version: activity.version },
        }),
      ),
    onSuccess: (a) => {
      client.setQueryData(activityKey(a.id), a);
      void client.invalidateQueries({ queryKey: ['activities'] });
      notify.ok('活动已取消');
    },
    onError: notify.fail,
  });

  return (
    <>
      <div className="page-head">
        <h1>{activity.title}</h1>
        {manages && activity.status === 'planned' && (
          <Space wrap>
            <Button onClick={() => setEditing(true)}>编辑活动</Button>
            <Button type="primary" onClick={() => setHolding(true)}>
              确认举办
            </Button>
            <Button
              danger
              onClick={() =>
                modal.confirm({
                  title: '取消活动',
                  content: '取消后活动不再举办，对接清单不能再修改。确定取消吗？',
                  okText: '取消活动',
                  cancelText: '返回',
                  onOk: () => cancel.mutateAsync(),
                })
              }
            >
              取消活动
            </Button>
          </Space>
        )}
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'kind', label: '活动类型', children: activity.kindLabel },
          { key: 'status', label: '状态', children: <ActivityStatusTag status={activity.status} /> },
          { key: 'when', label: '计划时间', children: time(activity.scheduledAt) },
          {
            key: 'place',
            label: '地点',
            children: activity.district ? `${activity.place}（${activity.district}）` : activity.place,
          },
          {
            key: 'chains',
            label: '产业链',
            children: activity.industryChains.map((c) => c.name).join('、') || '不限',
          },
          ...(activity.heldAt
            ? [
                { key: 'held', label: '举办时间', children: time(activity.heldAt) },
                { key: 'attendance', label: '参会人数', children: `${activity.attendance ?? 0} 人` },
              ]
            : []),
          {
            key: 'participants',
            label: `参与机构（${activity.participants.length} 家）`,
            span: 'filled',
            children:
              activity.participants
                .map(
                  (p) => `${p.organisationName}（${p.roleLabel}${activity.heldAt && !p.attended ? '，未到场' : ''}）`,
                )
                .join('、') || '—',
          },
          ...(activity.notes
            ? [{ key: 'notes', label: '备注', span: 'filled' as const, children: activity.notes }]
            : []),
        ]}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => url.update({ tab: k }, true)}
        items={[
          {
            key: 'list',
            label: `对接清单（${activity.matchItemCount}）`,
            children: (
              <Suspense fallback={null}>
                <MatchListBuilder activity={activity} manages={manages} />
              </Suspense>
            ),
          },
          {
            key: 'follow-ups',
            label: `会后跟进（${activity.followUps.done}/${activity.followUps.total}）`,
            children: (
              <Suspense fallback={null}>
                <FollowUps activity={activity} manages={manages} />
              </Suspense>
            ),
          },
        ]}
      />
      <Suspense fallback={null}>
        {editing && (
          <ActivityForm activity={activity} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
        )}
      </Suspense>
      {holding && <HoldDialog activity={activity} onClose={() => setHolding(false)} />}
    </>
  );
}

interface HoldFields {
  attendance: number;
  heldAt: Dayjs;
  attended: string[];
}

/**
 * 确认举办: attendance, when, who came. Holding freezes the list and opens a follow-up for every pair whose sides
 * both came. Marking it held before its scheduled date asks for a confirmation first.
 */
function HoldDialog({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const [form] = Form.useForm<HoldFields>();
  const { modal } = App.useApp();
  const notify = useNotify();
  const client = useQueryClient();
  const hold = useMutation({
    mutationFn: (v: HoldFields) =>
      unwrap(
        api.POST('/activities/{id}/hold', {
          params: { path: { id: activity.id } },
          body: {
            attendance: v.attendance,
            heldAt: v.heldAt.format('YYYY-MM-DDTHH:mm:ssZ'),
            attendedOrganisationIds: v.attended,
            version: activity.version,
          },
        }),
      ),
    onSuccess: (a) => {
      client.setQueryData(activityKey(a.id), a);
      void client.invalidateQueries({ queryKey: ['activities'] });
      void client.invalidateQueries({ queryKey: ['match-list', a.id] });
      void client.invalidateQueries({ queryKey: ['follow-ups'] });
      notify.ok(`已确认举办，生成 ${a.followUps.total} 项会后跟进`);
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['attendance', 'heldAt'])) notify.fail(err);
    },
  });

  const submit = (v: HoldFields) => {
    const scheduled = dayjs(activity.scheduledAt);
    if (v.heldAt.isBefore(scheduled, 'day')) {
      modal.confirm({
        title: '活动尚未到计划日期',
        content: `该活动计划于 ${day(activity.scheduledAt)} 举办，举办时间 ${v.heldAt.format('YYYY-MM-DD')} 早于计划日期。确认举办后对接清单将锁定、不能再修改。确定标记为已举办吗？`,
        okText: '仍然确认举办',
        cancelText: '返回',
        onOk: () => hold.mutateAsync(v),
      });
      return;
    }
    hold.mutate(v);
  };

  return (
    <Modal
      open
      title="确认举办"
      okText="确认举办"
      cancelText="取消"
      okButtonProps={{ loading: hold.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          heldAt: dayjs(),
          attended: activity.participants.map((p) => p.organisationId),
        }}
        onFinish={submit}
      >
        <Form.Item name="attendance" label="参会人数" rules={[{ required: true, message: '请填写参会人数' }]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="heldAt"
          label="举办时间"
          rules={[{ required: true, message: '请选择举办时间' }]}
          extra="不能晚于现在。"
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
        </Form.Item>
        {activity.participants.length > 0 && (
          <Form.Item name="attended" label="到场机构" extra="未到场机构所在的对接项目不生成会后跟进。">
            <Checkbox.Group
              className="checkbox-column"
              options={activity.participants.map((p) => ({ value: p.organisationId, label: p.organisationName }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
