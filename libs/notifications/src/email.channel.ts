import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';

import { NotificationChannel, OutgoingMessage } from './notification-channel';

/** E-mail over SMTP (nodemailer). Off when AppConfig has no SMTP settings; the inbox works either way. */
@Injectable()
export class EmailChannel implements NotificationChannel, OnModuleInit, OnApplicationShutdown {
  readonly name = 'email';
  private readonly logger = new Logger(EmailChannel.name);
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.smtp !== null;
  }

  onModuleInit(): void {
    const smtp = this.config.smtp;
    if (!smtp) {
      this.logger.log('E-mail notifications are off (no SMTP_URL or SMTP_HOST); the in-app inbox still works');
      return;
    }
    this.transport = smtp.url
      ? createTransport(smtp.url, { from: smtp.from })
      : createTransport(
          {
            host: smtp.host,
            port: smtp.port,
            secure: smtp.secure,
            auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
            // a slow or dead server fails the attempt instead of holding the job
            connectionTimeout: 10000,
            greetingTimeout: 10000,
            socketTimeout: 20000,
          },
          { from: smtp.from },
        );
    const where = smtp.url ? new URL(smtp.url).host : `${smtp.host}:${smtp.port}`;
    this.logger.log(`E-mail notifications on: SMTP ${where}, from ${smtp.from}`);
  }

  addressOf(user: { email: string }): string | null {
    return user.email && user.email.includes('@') ? user.email : null;
  }

  async send(message: OutgoingMessage): Promise<string | null> {
    if (!this.transport) throw new Error('e-mail is not configured');
    const info = await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: message.messageId,
    });
    return info.messageId ?? null;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
