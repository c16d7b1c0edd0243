import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, LessThan, Repository } from 'typeorm';

import { DeliveryStatus, Notification, NotificationDelivery, NotificationPreference } from './notification.entities';
import { NotificationKind } from './notification-kinds';

export type NewNotification = Pick<
  Notification,
  'eventKey' | 'recipientId' | 'kind' | 'title' | 'body' | 'link' | 'data' | 'entityType' | 'entityId'
>;

/** The notification context's SQL: inbox rows, deliveries and preferences. */
@Injectable()
export class NotificationRepository {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(NotificationDelivery) private readonly deliveries: Repository<NotificationDelivery>,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.notifications.manager.transaction(work);
  }

  /**
   * Inserts the row unless (eventKey, recipient, kind) exists: returns the new row's id, or null for a replay (or a
   * second worker that lost the race).
   */
  async insertIfAbsent(manager: EntityManager, row: NewNotification): Promise<string | null> {
    const result: Array<{ id: string }> = await manager.query(
      `INSERT INTO notifications (event_key, recipient_id, kind, title, body, link, data, entity_type, entity_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_key, recipient_id, kind) DO NOTHING
       RETURNING id`,
      [
        row.eventKey,
        row.recipientId,
        row.kind,
        row.title,
        row.body,
        row.link,
        JSON.stringify(row.data),
        row.entityType,
        row.entityId,
      ],
    );
    return result[0]?.id ?? null;
  }

  async insertDelivery(manager: EntityManager, notificationId: string, channel: string, address: string) {
    await manager.query(
      `INSERT INTO notification_deliveries (notification_id, channel, address) VALUES ($1, $2, $3)
       ON CONFLICT (notification_id, channel) DO NOTHING`,
      [notificationId, channel, address],
    );
  }

  /** Deliveries still to send of the notifications caused by these event keys (what a (re)run must enqueue). */
  async pendingDeliveriesOf(eventKeys: string[]): Promise<string[]> {
    if (!eventKeys.length) return [];
    const rows: Array<{ id: string }> = await this.deliveries.query(
      `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE n.event_key = ANY($1) AND d.status = 'pending' ORDER BY d.created_at`,
      [eventKeys],
    );
    return rows.map((r) => r.id);
  }

  /** Pending deliveries older than `before` (the reconciler re-queues them). */
  async stalePendingDeliveries(before: Date, limit = 500): Promise<string[]> {
    const rows = await this.deliveries.find({
      select: { id: true },
      where: { status: DeliveryStatus.Pending, createdAt: LessThan(before) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  findDelivery(id: string): Promise<NotificationDelivery | null> {
    return this.deliveries.findOneBy({ id });
  }

  findNotification(id: string): Promise<Notification | null> {
    return this.notifications.findOneBy({ id });
  }

  async patchDelivery(id: string, changes: Partial<NotificationDelivery>): Promise<void> {
    await this.deliveries.update({ id }, changes);
  }

  /** Marks the delivery failed unless it was sent meanwhile. */
  async failDelivery(id: string, error: string, attempts: number): Promise<void> {
    await this.deliveries.update(
      { id, status: DeliveryStatus.Pending },
      { status: DeliveryStatus.Failed, lastError: error, attempts },
    );
  }

  async deliveryPage(status: DeliveryStatus | undefined, page: number, pageSize: number) {
    const qb = this.deliveries
      .createQueryBuilder('d')
      .innerJoin(Notification, 'n', 'n.id = d.notification_id')
      .select([
        'd.id AS id',
        'd.channel AS channel',
        'd.address AS address',
        'd.status AS status',
        'd.attempts AS attempts',
        'd.last_error AS "lastError"',
        'd.sent_at AS "sentAt"',
        'd.created_at AS "createdAt"',
        'd.updated_at AS "updatedAt"',
        'n.id AS "notificationId"',
        'n.kind AS kind',
        'n.title AS title',
        'n.recipient_id AS "recipientId"',
      ]);
    if (status) qb.where('d.status = :status', { status });
    const total = await qb.getCount();
    const items = await qb
      .orderBy('d.updated_at', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    return { items, total };
  }

  // ---- inbox

  async inbox(recipientId: string, unreadOnly: boolean, page: number, pageSize: number) {
    const where = unreadOnly ? { recipientId, readAt: IsNull() } : { recipientId };
    return this.notifications.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  unreadCount(recipientId: string): Promise<number> {
    return this.notifications.countBy({ recipientId, readAt: IsNull() });
  }

  /** Marks these of the recipient's notifications read; returns how many changed. */
  async markRead(recipientId: string, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const result = await this.notifications.update(
      { recipientId, id: In(ids), readAt: IsNull() },
      { readAt: new Date() },
    );
    return result.affected ?? 0;
  }

  async markAllRead(recipientId: string): Promise<number> {
    const result = await this.notifications.update({ recipientId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }

  /** Notifications with these keys for this kind (the scheduler's "already sent today"). */
  async existingKeys(kind: NotificationKind, eventKeys: string[]): Promise<Set<string>> {
    if (!eventKeys.length) return new Set();
    const rows = await this.notifications.find({
      select: { eventKey: true, recipientId: true },
      where: { kind, eventKey: In(eventKeys) },
    });
    return new Set(rows.map((r) => `${r.eventKey}|${r.recipientId}`));
  }

  // ---- preferences

  preferencesOf(userId: string): Promise<NotificationPreference[]> {
    return this.preferences.findBy({ userId });
  }

  async preferencesOfMany(userIds: string[]): Promise<NotificationPreference[]> {
    if (!userIds.length) return [];
    return this.preferences.findBy({ userId: In(userIds) });
  }

  async upsertPreference(row: Pick<NotificationPreference, 'userId' | 'kind' | 'mode' | 'digestHour'>): Promise<void> {
    await this.preferences.upsert(row, ['userId', 'kind']);
  }
}
