import { AppError, ErrorCode, toPage } from '@app/common';
import { AppConfig } from '@app/config';
import { JobName, JobQueue } from '@app/queue';
import { DirectoryUser, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { DELIVERY_STATUS_LABELS, DeliveryStatus, Notification } from './notification.entities';
import { NotificationRepository } from './notification.repository';
import { NOTIFICATION_CHANNELS, NotificationChannel } from './notification-channel';
import {
  DEFAULT_DIGEST_HOUR,
  DELIVERY_MODE_LABELS,
  DeliveryMode,
  KIND_SPECS,
  NOTIFICATION_KINDS,
  NotificationKind,
} from './notification-kinds';
import { NotificationStream } from './notification-stream';
import { renderEmail, renderInbox, TemplateValues } from './template-renderer';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token';

/** One message a rule wants to send: to whom, of which kind, with the template's values already shaped for them. */
export interface NotificationDraft {
  recipient: DirectoryUser;
  kind: NotificationKind;
  values: TemplateValues;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  kindLabel: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: Date;
}

export interface PreferenceView {
  kind: NotificationKind;
  label: string;
  mode: DeliveryMode;
  modeLabel: string;
  daily: boolean;
  digestHour: number | null;
}

function view(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    kindLabel: KIND_SPECS[n.kind]?.label ?? n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    read: n.readAt !== null,
    createdAt: n.createdAt,
  };
}

const jobIdOf = (deliveryId: string) => `notify-${deliveryId}`;

/** Delivery counters of this process (tests and the closing note read them). */
export interface DeliveryStats {
  notificationsCreated: number;
  duplicatesSkipped: number;
  emailsSent: number;
  sendFailures: number;
  deliveriesFailed: number;
}

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  readonly stats: DeliveryStats = {
    notificationsCreated: 0,
    duplicatesSkipped: 0,
    emailsSent: 0,
    sendFailures: 0,
    deliveriesFailed: 0,
  };

  constructor(
    private readonly repo: NotificationRepository,
    private readonly queue: JobQueue,
    private readonly stream: NotificationStream,
    private readonly config: AppConfig,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /**
   * Records the drafts caused by `eventKey`, once per (eventKey, recipient, kind) however often it runs, with a
   * delivery per enabled channel the recipient wants; then queues every delivery of this key still pending (also those
   * of an earlier run that committed but could not enqueue). Returns how many notifications are new.
   */
  async notify(eventKey: string, drafts: NotificationDraft[]): Promise<number> {
    const wanted = drafts.filter((d) => d.recipient.active);
    if (!wanted.length) return 0;
    const prefs = await this.modesOf(
      wanted.map((d) => d.recipient.id),
      [...new Set(wanted.map((d) => d.kind))],
    );
    const created: Array<{ userId: string; title: string }> = [];
    await this.repo.transaction(async (manager) => {
      for (const draft of wanted) {
        const mode = prefs.get(`${draft.recipient.id}|${draft.kind}`)?.mode ?? KIND_SPECS[draft.kind].defaultMode;
        if (mode === DeliveryMode.Off) continue;
        const { title, body } = renderInbox(draft.kind, draft.values);
        const id = await this.repo.insertIfAbsent(manager, {
          eventKey,
          recipientId: draft.recipient.id,
          kind: draft.kind,
          title,
          body,
          link: draft.link,
          data: { ...draft.values, recipientName: draft.recipient.name },
          entityType: draft.entityType,
          entityId: draft.entityId,
        });
        if (!id) {
          this.stats.duplicatesSkipped++;
          continue;
        }
        created.push({ userId: draft.recipient.id, title });
        if (mode !== DeliveryMode.Email) continue;
        for (const channel of this.channels) {
          const address = channel.enabled ? channel.addressOf(draft.recipient) : null;
          if (address) await this.repo.insertDelivery(manager, id, channel.name, address);
        }
      }
    });
    this.stats.notificationsCreated += created.length;
    await this.enqueuePending([eventKey]);
    for (const c of created) {
      await this.stream.publish({ userId: c.userId, unread: await this.repo.unreadCount(c.userId), title: c.title });
    }
    return created.length;
  }

  /** Queues the pending deliveries of these keys (job ids per delivery: queuing twice is a no-op). */
  async enqueuePending(eventKeys: string[]): Promise<number> {
    const ids = await this.repo.pendingDeliveriesOf(eventKeys);
    for (const id of ids) {
      await this.queue.enqueue(JobName.DeliverNotification, { deliveryId: id }, { jobId: jobIdOf(id) });
    }
    return ids.length;
  }

  /** Reconciler: deliveries left pending (queue lost, crash after commit) are queued again. */
  async requeueStale(olderThanMs: number): Promise<number> {
    const ids = await this.repo.stalePendingDeliveries(new Date(Date.now() - olderThanMs));
    for (const id of ids) {
      await this.queue.enqueue(JobName.DeliverNotification, { deliveryId: id }, { jobId: jobIdOf(id), rerun: true });
    }
    return ids.length;
  }

  // ---- delivery

  /** One attempt at one delivery: reloads it, renders the e-mail from the stored values, sends, records the result. */
  async deliver(deliveryId: string, attempt: number): Promise<void> {
    const delivery = await this.repo.findDelivery(deliveryId);
    if (!delivery || delivery.status !== DeliveryStatus.Pending) return;
    const notification = await this.repo.findNotification(delivery.notificationId);
    const channel = this.channels.find((c) => c.name === delivery.channel);
    if (!notification || !channel) {
      await this.repo.failDelivery(deliveryId, notification ? `未知渠道 ${delivery.channel}` : '通知已不存在', attempt);
      return;
    }
    const token = encodeURIComponent(unsubscribeToken(this.secret(), notification.recipientId, notification.kind));
    // people open the console's confirmation page; mail clients' one-click (RFC 8058) POSTs to the API directly
    const unsubscribeUrl = `${this.config.publicUrl}/unsubscribe?token=${token}`;
    const oneClickUrl = `${this.config.publicUrl}/notifications/unsubscribe?token=${token}`;
    const message = renderEmail(notification.kind, {
      ...notification.data,
      recipientName: String(notification.data.recipientName ?? ''),
      link: notification.link,
      linkUrl: notification.link ? `${this.config.publicUrl}${notification.link}` : null,
      unsubscribeUrl,
      kindLabel: KIND_SPECS[notification.kind].label,
    });
    try {
      const messageId = await channel.send({
        to: delivery.address,
        ...message,
        messageId: `<notification-${notification.id}@${new URL(this.config.publicUrl).hostname}>`,
        headers: {
          'List-Unsubscribe': `<${oneClickUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-ZCZ-Notification': notification.id,
        },
      });
      await this.repo.patchDelivery(deliveryId, {
        status: DeliveryStatus.Sent,
        attempts: attempt,
        sentAt: new Date(),
        messageId,
        lastError: null,
      });
      this.stats.emailsSent++;
    } catch (err) {
      this.stats.sendFailures++;
      await this.repo.patchDelivery(deliveryId, { attempts: attempt, lastError: (err as Error).message.slice(0, 500) });
      throw err;
    }
  }

  /** The last attempt failed: the delivery is marked failed for admins to see (the inbox row stays). */
  async deliveryFailed(deliveryId: string, error: Error, attempt: number): Promise<void> {
    this.stats.deliveriesFailed++;
    this.logger.warn(`notification delivery ${deliveryId} failed for good: ${error.message}`);
    await this.repo.failDelivery(deliveryId, error.message.slice(0, 500), attempt);
  }

  /** Admins: deliveries, failed ones by default, newest first. */
  async deliveries(status: DeliveryStatus | undefined, page: number, pageSize: number) {
    const { items, total } = await this.repo.deliveryPage(status, page, pageSize);
    return toPage(
      items.map((i) => ({
        ...i,
        statusLabel: DELIVERY_STATUS_LABELS[i.status as DeliveryStatus],
        kindLabel: KIND_SPECS[i.kind as NotificationKind]?.label ?? i.kind,
      })),
      total,
      { page, pageSize },
    );
  }

  /** Admins: sends failed deliveries again (all, or these ids). */
  async retryFailed(ids?: string[]): Promise<number> {
    const { items } = await this.repo.deliveryPage(DeliveryStatus.Failed, 1, 1000);
    const chosen = items.map((i) => String(i.id)).filter((id) => !ids || ids.includes(id));
    for (const id of chosen) {
      await this.repo.patchDelivery(id, { status: DeliveryStatus.Pending, lastError: null });
      await this.queue.enqueue(JobName.DeliverNotification, { deliveryId: id }, { jobId: jobIdOf(id), rerun: true });
    }
    return chosen.length;
  }

  // ---- inbox

  async inbox(userId: string, query: { page: number; pageSize: number; unread?: boolean }) {
    const [rows, total] = await this.repo.inbox(userId, !!query.unread, query.page, query.pageSize);
    return { ...toPage(rows.map(view), total, query), unread: await this.repo.unreadCount(userId) };
  }

  async unreadCount(userId: string): Promise<{ unread: number }> {
    return { unread: await this.repo.unreadCount(userId) };
  }

  async markRead(userId: string, ids: string[]): Promise<{ updated: number; unread: number }> {
    const updated = await this.repo.markRead(userId, ids);
    const unread = await this.repo.unreadCount(userId);
    await this.stream.publish({ userId, unread });
    return { updated, unread };
  }

  async markAllRead(userId: string): Promise<{ updated: number; unread: number }> {
    const updated = await this.repo.markAllRead(userId);
    await this.stream.publish({ userId, unread: 0 });
    return { updated, unread: 0 };
  }

  // ---- preferences

  private async modesOf(userIds: string[], kinds: NotificationKind[]) {
    const rows = await this.repo.preferencesOfMany([...new Set(userIds)]);
    return new Map(rows.filter((r) => kinds.includes(r.kind)).map((r) => [`${r.userId}|${r.kind}`, r]));
  }

  /** Each kind the person's role receives, with their choice or the default. */
  async preferences(userId: string, role: string): Promise<PreferenceView[]> {
    const rows = new Map((await this.repo.preferencesOf(userId)).map((r) => [r.kind, r]));
    return NOTIFICATION_KINDS.filter((k) => KIND_SPECS[k].roles.includes(role)).map((kind) => {
      const spec = KIND_SPECS[kind];
      const mode = rows.get(kind)?.mode ?? spec.defaultMode;
      return {
        kind,
        label: spec.label,
        mode,
        modeLabel: DELIVERY_MODE_LABELS[mode],
        daily: spec.daily,
        digestHour: spec.daily ? (rows.get(kind)?.digestHour ?? DEFAULT_DIGEST_HOUR) : null,
      };
    });
  }

  async setPreferences(
    userId: string,
    role: string,
    items: Array<{ kind: NotificationKind; mode: DeliveryMode; digestHour?: number | null }>,
  ): Promise<PreferenceView[]> {
    const current = new Map((await this.repo.preferencesOf(userId)).map((r) => [r.kind, r]));
    for (const [i, item] of items.entries()) {
      if (!KIND_SPECS[item.kind].roles.includes(role)) {
        throw AppError.invalidField(`items.${i}.kind`, '该通知类型不适用于您的角色');
      }
      if (item.digestHour !== undefined && item.digestHour !== null && !KIND_SPECS[item.kind].daily) {
        throw AppError.invalidField(`items.${i}.digestHour`, '仅每日汇总类通知可设置发送时间');
      }
    }
    for (const item of items) {
      await this.repo.upsertPreference({
        userId,
        kind: item.kind,
        mode: item.mode,
        digestHour: item.digestHour === undefined ? (current.get(item.kind)?.digestHour ?? null) : item.digestHour,
      });
    }
    return this.preferences(userId, role);
  }

  /** Hour (Beijing) at which this person's daily kind goes out. */
  async digestHours(userIds: string[], kind: NotificationKind): Promise<Map<string, number>> {
    const rows = await this.repo.preferencesOfMany(userIds);
    const hours = new Map(userIds.map((id) => [id, DEFAULT_DIGEST_HOUR]));
    for (const r of rows) if (r.kind === kind && r.digestHour !== null) hours.set(r.userId, r.digestHour);
    return hours;
  }

  /** The unsubscribe link (no login): the kind goes to in-app only for that person. */
  async unsubscribe(token: string): Promise<{ kind: NotificationKind; label: string; name: string }> {
    const parsed = readUnsubscribeToken(this.secret(), token);
    if (!parsed) throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, '退订链接无效或已损坏');
    const user = await this.users.findUser(parsed.userId);
    if (!user) throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, '退订链接无效或已损坏');
    const current = (await this.repo.preferencesOf(parsed.userId)).find((r) => r.kind === parsed.kind);
    await this.repo.upsertPreference({
      userId: parsed.userId,
      kind: parsed.kind,
      mode: current?.mode === DeliveryMode.Off ? DeliveryMode.Off : DeliveryMode.InApp,
      digestHour: current?.digestHour ?? null,
    });
    return { kind: parsed.kind, label: KIND_SPECS[parsed.kind].label, name: user.name };
  }

  private secret(): string {
    if (!this.config.jwtSecret) throw new Error('JWT_SECRET is required to sign unsubscribe links');
    return this.config.jwtSecret;
  }
}
