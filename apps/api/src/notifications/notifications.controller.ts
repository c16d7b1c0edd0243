import { CurrentActor, Public, Roles } from '@app/auth';
import { Actor, AppError, Role } from '@app/common';
import {
  DeliveryPageDto,
  DeliveryQueryDto,
  InboxPageDto,
  InboxQueryDto,
  MarkReadDto,
  MarkReadResultDto,
  NotificationsService,
  NotificationStream,
  PreferenceListDto,
  RetriedDeliveriesDto,
  RetryDeliveriesDto,
  UnreadCountDto,
  UnsubscribeDto,
  UnsubscribeResultDto,
  UpdatePreferencesDto,
} from '@app/notifications';
import { Body, Controller, Get, HttpCode, MessageEvent, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';

/** A stream is closed after this long; EventSource reconnects by itself and is authenticated afresh. */
const STREAM_LIFETIME_MS = 10 * 60 * 1000;
const STREAM_HEARTBEAT_MS = 25 * 1000;

function userOf(actor: Actor): string {
  if (!actor.userId) throw AppError.forbidden();
  return actor.userId;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
  ) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's inbox, newest first (?unread=true: unread only)" })
  @ApiOkResponse({ type: InboxPageDto })
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto) {
    return this.notifications.inbox(userOf(actor), query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of the signed-in user’s notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  unread(@CurrentActor() actor: Actor) {
    return this.notifications.unreadCount(userOf(actor));
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark these notifications read (others’ ids are ignored)' })
  @ApiOkResponse({ type: MarkReadResultDto })
  markRead(@CurrentActor() actor: Actor, @Body() dto: MarkReadDto) {
    return this.notifications.markRead(userOf(actor), dto.ids);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification of the signed-in user read' })
  @ApiOkResponse({ type: MarkReadResultDto })
  markAllRead(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(userOf(actor));
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Per kind: in-app only, e-mail too or off, and the hour of daily digests' })
  @ApiOkResponse({ type: PreferenceListDto })
  async preferences(@CurrentActor() actor: Actor) {
    return { items: await this.notifications.preferences(userOf(actor), actor.role) };
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Change the choice for some kinds (the others keep theirs)' })
  @ApiOkResponse({ type: PreferenceListDto })
  async setPreferences(@CurrentActor() actor: Actor, @Body() dto: UpdatePreferencesDto) {
    return { items: await this.notifications.setPreferences(userOf(actor), actor.role, dto.items) };
  }

  /**
   * The e-mail's unsubscribe link, without login: the signed token names the person and the kind, which then goes
   * to the inbox only. POST (a link's GET opens the console's confirmation page; mail scanners that prefetch links
   * change nothing); also the target of RFC 8058 one-click unsubscribe.
   */
  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe from one kind of e-mail with the signed token of the e-mail’s link' })
  @ApiOkResponse({ type: UnsubscribeResultDto })
  unsubscribe(@Query() query: UnsubscribeDto) {
    return this.notifications.unsubscribe(query.token);
  }

  /**
   * Live unread count (Server-Sent Events). Authenticated like every request: the console's EventSource sends the
   * httpOnly session cookie (same origin; SameSite=Lax keeps other sites' pages from using it), API clients send
   * their bearer token. The stream ends after 10 minutes and the browser reconnects, so a revoked session stops.
   */
  @Sse('stream')
  @ApiOperation({ summary: 'Server-Sent Events: `unread` with the count now and on every change' })
  @ApiProduces('text/event-stream')
  streamEvents(@CurrentActor() actor: Actor): Observable<MessageEvent> {
    const userId = userOf(actor);
    return new Observable<MessageEvent>((subscriber) => {
      void this.notifications
        .unreadCount(userId)
        .then(({ unread }) => subscriber.next({ type: 'unread', data: { unread } }));
      const stop = this.stream.subscribe(userId, (m) =>
        subscriber.next({ type: 'unread', data: { unread: m.unread, title: m.title ?? null } }),
      );
      const heartbeat = setInterval(() => subscriber.next({ type: 'ping', data: {} }), STREAM_HEARTBEAT_MS);
      const end = setTimeout(() => subscriber.complete(), STREAM_LIFETIME_MS);
      return () => {
        stop();
        clearInterval(heartbeat);
        clearTimeout(end);
      };
    });
  }
}

/** Deliveries for admins: failed e-mails (after every retry) and sending them again. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('admin/notifications')
export class AdminNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('deliveries')
  @ApiOperation({ summary: 'Notification deliveries (failed ones by default), newest first' })
  @ApiOkResponse({ type: DeliveryPageDto })
  deliveries(@Query() query: DeliveryQueryDto) {
    return this.notifications.deliveries(query.status, query.page, query.pageSize);
  }

  @Post('deliveries/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send failed deliveries again (these ids, or all)' })
  @ApiOkResponse({ type: RetriedDeliveriesDto })
  async retry(@Body() dto: RetryDeliveriesDto) {
    return { retried: await this.notifications.retryFailed(dto.ids) };
  }
}
