import { RenderedMessage } from './template-renderer';

/** A way out of the platform (e-mail today; SMS can be added as another channel). */
export interface OutgoingMessage extends RenderedMessage {
  to: string;
  /** Headers such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /**
   * The same for every attempt at one notification: a message sent again because the process died before recording
   * it as sent reaches the reader's mailbox as the same message (mail clients and servers drop a repeated id).
   */
  messageId?: string;
}

export interface NotificationChannel {
  /** Stored in `notification_deliveries.channel`: never rename. */
  readonly name: string;
  /** False when not configured (no SMTP server): no delivery rows are created for it. */
  readonly enabled: boolean;
  /** The recipient's address on this channel, or null when they have none. */
  addressOf(user: { email: string; phone: string | null }): string | null;
  /** Sends; throws on a failure worth retrying. Returns the server's message id. */
  send(message: OutgoingMessage): Promise<string | null>;
}

/** Injection token: the channels the platform runs. */
export const NOTIFICATION_CHANNELS = Symbol('NotificationChannels');
