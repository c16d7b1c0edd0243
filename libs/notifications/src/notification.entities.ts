import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { DeliveryMode, NotificationKind } from './notification-kinds';

/**
 * One message to one person. `eventKey` names what caused it (a domain event id, or `digest:<demand>:<day>` for a
 * scheduled one): the unique (eventKey, recipient, kind) makes a replayed event or a second worker a no-op.
 */
@Entity('notifications')
@Index('uq_notifications_event_recipient_kind', ['eventKey', 'recipientId', 'kind'], { unique: true })
@Index('ix_notifications_recipient', ['recipientId', 'createdAt'])
@Index('ix_notifications_unread', ['recipientId'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  eventKey: string;

  /** A user id (through the UserDirectory port: no foreign key into another context's table). */
  @Column({ type: 'uuid' })
  recipientId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** Rendered for this recipient from the kind's template: already shaped by what they may see. */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** Console path the message points to, e.g. `/workspace/my-demands/<id>`. */
  @Column({ type: 'text', nullable: true })
  link: string | null;

  /** The template's values for this recipient (the e-mail is rendered from them). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  entityType: string | null;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export enum DeliveryStatus {
  Pending = 'pending',
  Sent = 'sent',
  Failed = 'failed',
}

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  [DeliveryStatus.Pending]: '发送中',
  [DeliveryStatus.Sent]: '已发送',
  [DeliveryStatus.Failed]: '发送失败',
};

/** One notification sent over one channel (e-mail today, SMS later): at most one per pair. */
@Entity('notification_deliveries')
@Index('uq_notification_deliveries_channel', ['notificationId', 'channel'], { unique: true })
@Index('ix_notification_deliveries_status', ['status', 'createdAt'])
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  notificationId: string;

  @Column({ type: 'text' })
  channel: string;

  /** The address used (e-mail); kept so a failure can be read without the user row. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text', default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The server's message id once accepted. */
  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A person's choice for one kind; no row = the kind's default. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'text' })
  mode: DeliveryMode;

  /** Beijing hour (0–23) for daily kinds; null = the default hour. */
  @Column({ type: 'smallint', nullable: true })
  digestHour: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const NOTIFICATIONS_ENTITIES = [Notification, NotificationDelivery, NotificationPreference];
