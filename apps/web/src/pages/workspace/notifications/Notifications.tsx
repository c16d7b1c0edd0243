import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, List, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { UNREAD_KEY } from '../../../components/NotificationBell';
import { EmptyState, ErrorState, QueryView } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { time, useNotify, useUrlState } from '../../../lib/workspace';

type Notification = Schemas['NotificationDto'];
type Preference = Schemas['PreferenceDto'];
type Delivery = Schemas['DeliveryDto'];
type Mode = Preference['mode'];

const PAGE_SIZE = 10;
const MODE_OPTIONS: { value: Mode; label: string }[] = [
  { value: 'email', label: '站内 + 邮件' },
  { value: 'in_app', label: '仅站内' },
  { value: 'off', label: '关闭' },
];
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));

/**
 * 通知中心: the inbox (unread filter and page in the address bar) and the preferences per kind; admins also see the
 * e-mails that failed after every retry, and send them again.
 */
export default function Notifications() {
  const { me } = useSession();
  const { get, page, update } = useUrlState();
  const unreadOnly = get('filter') === 'unread';
  const client = useQueryClient();
  const notify = useNotify();

  const inbox = useQuery({
    queryKey: ['notifications', 'inbox', { unreadOnly, page }],
    queryFn: () =>
      unwrap(
        api.GET('/notifications', {
          params: { query: { page, pageSize: PAGE_SIZE, unread: unreadOnly ? true : undefined } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const refresh = (unread: number) => {
    client.setQueryData(UNREAD_KEY, { unread });
    void client.invalidateQueries({ queryKey: ['notifications', 'inbox'] });
  };
  const markRead = useMutation({
    mutationFn: (ids: string[]) => unwrap(api.POST('/notifications/read', { body: { ids } })),
    onSuccess: (r) => refresh(r.unread),
    onError: notify.fail,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST('/notifications/read-all')),
    onSuccess: (r) => {
      refresh(r.unread);
      notify.ok(r.updated ? `已将 ${r.updated} 条通知标为已读` : '没有未读通知');
    },
    onError: notify.fail,
  });

  const open = (n: Notification) => {
    if (!n.read) markRead.mutate([n.id]);
  };

  return (
    <>
      <div className="page-head">
        <h1>通知中心</h1>
        <Button onClick={() => markAll.mutate()} loading={markAll.isPending} disabled={!inbox.data?.unread}>
          全部标为已读
        </Button>
      </div>
      <Space wrap className="filters">
        <Segmented
          aria-label="筛选通知"
          value={unreadOnly ? 'unread' : 'all'}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: `未读${inbox.data ? `（${inbox.data.unread}）` : ''}` },
          ]}
          onChange={(v) => update({ filter: v === 'unread' ? 'unread' : undefined })}
        />
      </Space>
      {inbox.error ? (
        <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <List<Notification>
          className="inbox"
          loading={inbox.isFetching && !inbox.data}
          dataSource={inbox.data?.items ?? []}
          locale={{
            emptyText: inbox.isPending ? ' ' : <EmptyState>{unreadOnly ? '没有未读通知' : '还没有通知'}</EmptyState>,
          }}
          pagination={
            (inbox.data?.total ?? 0) > PAGE_SIZE
              ? {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: inbox.data?.total ?? 0,
                  showSizeChanger: false,
                  showTotal: (total) => `共 ${total} 条`,
                  onChange: (p) => update({ page: p > 1 ? String(p) : undefined }, true),
                }
              : false
          }
          renderItem={(n) => (
            <List.Item
              key={n.id}
              className={n.read ? 'inbox-item' : 'inbox-item inbox-unread'}
              actions={[
                n.read ? (
                  <span key="read" className="muted">
                    已读
                  </span>
                ) : (
                  <Button key="read" size="small" onClick={() => markRead.mutate([n.id])}>
                    标为已读
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={8} wrap>
                    {!n.read && (
                      <span role="img" aria-label="未读">
                        <Badge status="processing" />
                      </span>
                    )}
                    {n.link ? (
                      <Link to={n.link} onClick={() => open(n)}>
                        {n.title}
                      </Link>
                    ) : (
                      <span>{n.title}</span>
                    )}
                    <Tag>{n.kindLabel}</Tag>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph className="inbox-body">{n.body}</Typography.Paragraph>
                    <span className="muted">{time(n.createdAt)}</span>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Preferences />
      {me?.role === 'admin' && <FailedDeliveries />}
    </>
  );
}

/** 邮件发送失败 (admins): deliveries marked failed after the last attempt, each sent again on request. */
function FailedDeliveries() {
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const { get, update } = useUrlState();
  const page = Math.max(1, Number(get('failedPage') ?? 1) || 1);
  const failed = useQuery({
    queryKey: ['notifications', 'deliveries', 'failed', page],
    queryFn: () =>
      unwrap(
        api.GET('/admin/notifications/deliveries', {
          params: { query: { status: 'failed', page, pageSize: PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const retry = useMutation({
    mutationFn: (ids?: string[]) =>
      unwrap(api.POST('/admin/notifications/deliveries/retry', { body: ids ? { ids } : {} })),
    onSuccess: (r) => {
      notify.ok(r.retried ? `已重新发送 ${r.retried} 封邮件` : '没有需要重新发送的邮件');
      void client.invalidateQueries({ queryKey: ['notifications', 'deliveries'] });
    },
    onError: notify.fail,
  });
  const confirmRetry = (d?: Delivery) =>
    modal.confirm({
      title: d ? `重新发送给 ${d.address} 的邮件？` : `重新发送全部 ${failed.data?.total ?? 0} 封发送失败的邮件？`,
      content: '邮件将按原内容重新排队发送；收件人已退订的类型仍会发送这一封。',
      okText: '重新发送',
      cancelText: '取消',
      onOk: () => retry.mutateAsync(d ? [d.id] : undefined).catch(() => undefined),
    });

  return (
    <Card
      title="邮件发送失败"
      className="preferences failed-deliveries"
      extra={
        <Button onClick={() => confirmRetry()} disabled={!failed.data?.total} loading={retry.isPending}>
          全部重新发送
        </Button>
      }
    >
      <QueryView query={failed}>
        {(data) => (
          <Table<Delivery>
            rowKey="id"
            size="middle"
            dataSource={data.items}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState>没有发送失败的邮件</EmptyState> }}
            pagination={
              data.total > PAGE_SIZE
                ? {
                    current: page,
                    pageSize: PAGE_SIZE,
                    total: data.total,
                    showSizeChanger: false,
                    showTotal: (total) => `共 ${total} 封`,
                    onChange: (p) => update({ failedPage: p > 1 ? String(p) : undefined }, true),
                  }
                : false
            }
            columns={[
              { title: '收件地址', dataIndex: 'address', width: 200 },
              {
                title: '通知',
                key: 'title',
                render: (_, d) => (
                  <>
                    <div>{d.title}</div>
                    <Tag>{d.kindLabel}</Tag>
                  </>
                ),
              },
              { title: '尝试次数', dataIndex: 'attempts', width: 90 },
              {
                title: '最后错误',
                dataIndex: 'lastError',
                width: 220,
                render: (e: string | null) => <span className="muted">{e ?? '—'}</span>,
              },
              { title: '失败时间', dataIndex: 'updatedAt', width: 150, render: (v: string) => time(v) },
              {
                title: '操作',
                key: 'actions',
                width: 100,
                render: (_, d) => (
                  <Button size="small" onClick={() => confirmRetry(d)} aria-label={`重新发送给 ${d.address} 的邮件`}>
                    重新发送
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

/** 通知设置: per kind, in-app only / e-mail too / off, and the hour of daily digests. */
function Preferences() {
  const client = useQueryClient();
  const notify = useNotify();
  const [draft, setDraft] = useState<Record<string, { mode: Mode; digestHour: number | null }>>({});
  const prefs = useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => unwrap(api.GET('/notifications/preferences')),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/notifications/preferences', {
          body: {
            items: Object.entries(draft).map(([kind, v]) => ({
              kind: kind as Preference['kind'],
              mode: v.mode,
              ...(v.digestHour !== null ? { digestHour: v.digestHour } : {}),
            })),
          },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(['notifications', 'preferences'], data);
      setDraft({});
      notify.ok('通知设置已保存');
    },
    onError: notify.fail,
  });
  const value = (p: Preference) => draft[p.kind] ?? { mode: p.mode, digestHour: p.digestHour };
  const change = (p: Preference, patch: Partial<{ mode: Mode; digestHour: number | null }>) =>
    setDraft((d) => ({ ...d, [p.kind]: { ...value(p), ...patch } }));

  return (
    <Card
      title="通知设置"
      className="preferences"
      extra={
        <Button
          type="primary"
          disabled={!Object.keys(draft).length}
          loading={save.isPending}
          onClick={() => save.mutate()}
        >
          保存设置
        </Button>
      }
    >
      <QueryView query={prefs}>
        {(data) => (
          <Table<Preference>
            rowKey="kind"
            pagination={false}
            size="middle"
            dataSource={data.items}
            scroll={{ x: 560 }}
            columns={[
              { title: '通知类型', dataIndex: 'label' },
              {
                title: '接收方式',
                key: 'mode',
                width: 180,
                render: (_, p) => (
                  <Select<Mode>
                    aria-label={`${p.label}的接收方式`}
                    value={value(p).mode}
                    options={MODE_OPTIONS}
                    onChange={(mode) => change(p, { mode })}
                    style={{ width: 150 }}
                  />
                ),
              },
              {
                title: '每日发送时间',
                key: 'digestHour',
                width: 160,
                render: (_, p) =>
                  p.daily ? (
                    <Select<number>
                      aria-label={`${p.label}的每日发送时间`}
                      value={value(p).digestHour ?? 8}
                      options={HOURS}
                      onChange={(digestHour) => change(p, { digestHour })}
                      style={{ width: 110 }}
                    />
                  ) : (
                    <span className="muted">即时</span>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <p className="muted preferences-note">
        每封邮件底部都有退订链接，无需登录即可退订该类邮件；退订后仍会在站内通知中心收到。
      </p>
    </Card>
  );
}
