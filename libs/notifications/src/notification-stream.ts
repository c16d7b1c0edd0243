import { AppConfig } from '@app/config';
import { createRedisConnection } from '@app/queue';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';

/** What a console learns live: the person's unread count changed (and the newest title, to show). */
export interface StreamMessage {
  userId: string;
  unread?: number;
  title?: string;
}

type Listener = (message: StreamMessage) => void;

/**
 * Live updates for the console's bell. Notifications are written by whichever process ran the event (often the
 * worker) while the browser is connected to an API process, so with Redis the news travels over a pub/sub channel;
 * embedded (one process) it stays in memory.
 */
@Injectable()
export class NotificationStream implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationStream.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private publisher?: IORedis;
  private subscriber?: IORedis;
  private readonly channel: string;

  constructor(private readonly config: AppConfig) {
    this.channel = `${config.queuePrefix}:notifications:stream`;
  }

  private get external(): boolean {
    return this.config.queueMode === 'external' && !!this.config.redisUrl;
  }

  /** Connected ahead of the first message (a publisher fails fast rather than queue while Redis is away). */
  onModuleInit(): void {
    if (!this.external) return;
    this.publisher = createRedisConnection(this.config.redisUrl!, false);
    this.publisher.on('error', (err) => this.logger.warn(`Redis: ${err.message}`));
  }

  async publish(message: StreamMessage): Promise<void> {
    if (!this.external) return this.deliver(message);
    try {
      this.publisher ??= createRedisConnection(this.config.redisUrl!, false);
      await this.publisher.publish(this.channel, JSON.stringify(message));
    } catch (err) {
      // live updates are a convenience: the inbox itself is in PostgreSQL
      this.logger.warn(`live update not published: ${(err as Error).message}`);
    }
  }

  /** Listens for one user's news; returns the function that stops listening. */
  subscribe(userId: string, listener: Listener): () => void {
    if (this.external && !this.subscriber) {
      this.subscriber = createRedisConnection(this.config.redisUrl!, true);
      this.subscriber.on('error', (err) => this.logger.warn(`Redis: ${err.message}`));
      void this.subscriber.subscribe(this.channel);
      this.subscriber.on('message', (_channel, raw: string) => {
        try {
          this.deliver(JSON.parse(raw) as StreamMessage);
        } catch {
          /* not ours */
        }
      });
    }
    const set = this.listeners.get(userId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(userId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(userId);
    };
  }

  private deliver(message: StreamMessage): void {
    for (const listener of this.listeners.get(message.userId) ?? []) listener(message);
  }

  onApplicationShutdown(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
