import { Actor, Role } from '@app/common';
import { MatchInterest, MatchInterestService, MatchService, MatchStatus, MatchTransitionDto } from '@app/matching';
import {
  AchievementStatus,
  DEMO_EXPECTED_MATCHES,
  PUBLIC_DEMAND_STATUSES,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { NotificationScheduleService, ScheduleResult } from './notification-schedule';

/** 昆山睿芯's fan-out packaging demand and the 纳米所 moulding compound the engine proposes for it. */
const INTEREST_PAIR = DEMO_EXPECTED_MATCHES[3];
/** 昆山光彩's FMM demand and 苏州大学's electroformed Invar mask: the manager confirms it (精准匹配). */
const CONFIRMED_PAIR = DEMO_EXPECTED_MATCHES[4];

export interface NotificationsDemoResult extends ScheduleResult {
  interests: number;
  confirmations: number;
  skipped: boolean;
}

/**
 * The demo's last moves that people are told about, made through the real services so the notification rules fire
 * from their events (nothing is written to the inbox directly): 昆山睿芯 (enterprise2) marks a suggestion 有意向,
 * which tells the technology managers; 陈思远 confirms 苏州大学's mask for 昆山光彩's demand, which tells the
 * university (university1) and the other managers; then today's digests and reminders go out to everyone at once.
 * Runs after the other demo loaders; the moves are skipped when already made (the schedule's daily keys hold).
 */
@Injectable()
export class NotificationsDemoLoader {
  private readonly logger = new Logger(NotificationsDemoLoader.name);

  constructor(
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly matches: MatchService,
    private readonly interests: MatchInterestService,
    private readonly schedule: NotificationScheduleService,
  ) {}

  /** `at`: the instant the daily kinds are sent as of (default: an hour from now, so today's new suggestions count). */
  async load(at: Date = new Date(Date.now() + 3600000)): Promise<NotificationsDemoResult> {
    const result = { interests: 0, confirmations: 0, skipped: true };
    const manager = await this.actorOf('manager@zcz.local', Role.Manager);
    const enterprise = await this.actorOf('enterprise2@zcz.local', Role.Enterprise);
    if (manager && enterprise) {
      const interest = await this.pair(manager, INTEREST_PAIR);
      if (interest && !interest.interest && interest.status !== MatchStatus.Rejected) {
        await this.interests.record(enterprise, interest.id, {
          interest: MatchInterest.Interested,
          note: '翘曲指标接近我们的目标，希望尽快安排与研究所团队的技术交流并索取样品',
        });
        result.interests++;
        result.skipped = false;
      }
      const confirmed = await this.pair(manager, CONFIRMED_PAIR);
      if (confirmed && confirmed.status === MatchStatus.Suggested) {
        await this.matches.transition(
          manager,
          confirmed.id,
          'confirm',
          Object.assign(new MatchTransitionDto(), {
            note: '电铸因瓦掩模版的开口精度与厚度满足企业 FMM 样品要求，安排双方下周技术对接',
          }),
        );
        result.confirmations++;
        result.skipped = false;
      }
    }
    // today's digests and reminders at once, so the demo accounts' inboxes show them (once per day, as ever)
    const daily = await this.schedule.run(at, { everyoneNow: true });
    this.logger.log(
      `Demo notification moves: ${result.interests} 有意向, ${result.confirmations} 精准匹配 confirmed; ` +
        `${daily.digests} digests, ${daily.reviewReminders} review reminders, ${daily.followUpReminders} follow-up reminders`,
    );
    return { ...result, ...daily };
  }

  /** The demo pair's match: the engine's suggestion, or the manager's own pairing when the engine has not run yet. */
  private async pair(manager: Actor, [demandTitle, achievementTitle]: readonly [string, string]) {
    const [demand] = await this.registry.demandsTitled([demandTitle], PUBLIC_DEMAND_STATUSES);
    const [achievement] = await this.registry.achievementsTitled([achievementTitle], AchievementStatus.Published);
    if (!demand || !achievement) return null;
    const existing = await this.matches.findPair(demand.id, achievement.id);
    if (existing) return existing;
    await this.matches.createManual(manager, demand.id, achievement.id).catch(() => undefined);
    return this.matches.findPair(demand.id, achievement.id);
  }

  private async actorOf(email: string, role: Role): Promise<Actor | null> {
    const user = await this.users.findByEmail(email);
    return user?.active && user.role === role ? { userId: user.id, role, organisationId: user.organisationId } : null;
  }
}
