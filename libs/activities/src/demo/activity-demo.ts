import { Actor, Role, SYSTEM_ACTOR } from '@app/common';
import { MatchService, MatchTransitionDto } from '@app/matching';
import {
  Achievement,
  AchievementStatus,
  Demand,
  DEMO_EXPECTED_MATCHES,
  DEMO_ORGANISATIONS,
  PUBLIC_DEMAND_STATUSES,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';

import { ActivitiesRepository } from '../activity/activities.repository';
import { ActivityKind, FollowUpOutcome, FollowUpStatus } from '../activity/activity.domain';
import { ActivityService } from '../activity/activity.service';
import { CreateActivityDto } from '../activity/dto/activity.dto';
import { FollowUpQueryDto } from '../follow-up/dto/follow-up.dto';
import { FollowUpService } from '../follow-up/follow-up.service';
import { MatchListService } from '../match-list/match-list.service';

const DAY = 86400 * 1000;

interface DemoActivity {
  kind: ActivityKind;
  title: string;
  /** Days from the load (negative: in the past). */
  inDays: number;
  /** Beijing time of day, HH:MM. */
  at: string;
  place: string;
  district: string;
  organiserKey?: string;
  /** Indexes into DEMO_EXPECTED_MATCHES: the pairs on the list (their parties participate). */
  pairs: number[];
  /** Further participants by demo organisation key. */
  alsoInvited?: string[];
  notes: string;
  pairNotes?: Record<number, string>;
  /** Held this many hours after the start, with this attendance; follow-ups then partly worked on. */
  held?: { attendance: number };
}

/**
 * Activities of the demo: a 百校群英荟 held six weeks ago (list frozen, follow-ups partly done, some overdue), a
 * roadshow and a policy training coming up. Dates are relative to the load, so the demo always reads right.
 */
export const DEMO_ACTIVITIES: readonly DemoActivity[] = [
  {
    kind: ActivityKind.BaiXiaoQunYing,
    title: '百校群英荟·智能制造与机器人专场',
    inDays: -45,
    at: '14:00',
    place: '昆山市科技创新服务中心三楼报告厅',
    district: '玉山镇',
    organiserKey: 'zhihui',
    pairs: [0, 1, 2, 14, 15],
    notes: '邀请 5 所高校院所专家团队现场路演，企业技术负责人逐一对接。',
    pairNotes: { 0: '企业带图纸到场，希望先做样件', 14: '双方约定会后交换数据样本' },
    held: { attendance: 126 },
  },
  {
    kind: ActivityKind.Roadshow,
    title: '新能源汽车与新材料项目路演',
    inDays: 20,
    at: '09:30',
    place: '昆山开发区科创中心路演厅',
    district: '昆山开发区',
    organiserKey: 'kechuangqiao',
    pairs: [6, 7, 8, 18],
    notes: '每个项目路演 8 分钟、问答 7 分钟；会后安排一对一洽谈。',
    pairNotes: { 8: '请成果团队准备样品演示' },
  },
  {
    kind: ActivityKind.PolicyTraining,
    title: '祖冲之攻关计划政策宣讲培训（高新区站）',
    inDays: 35,
    at: '14:30',
    place: '昆山高新区管委会二楼会议室',
    district: '昆山高新区',
    pairs: [],
    alsoInvited: ['jingyi', 'ruixin', 'guangcai', 'hengtuo'],
    notes: '解读揭榜挂帅、技术合同登记与科技金融支持政策。',
  },
];

function beijingAt(inDays: number, hhmm: string, now = new Date()): Date {
  const day = new Date(now.getTime() + inDays * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/**
 * Loads DEMO_ACTIVITIES through the real services (events, workflow, freeze, follow-ups), after the registry's
 * DemoLoader. Pairs come from the registry demo's expected matches; when the engine has not stored them yet they
 * are added as manual pairs, which later engine runs score. Idempotent: skipped when the first demo activity exists.
 */
@Injectable()
export class ActivityDemoLoader {
  private readonly logger = new Logger(ActivityDemoLoader.name);

  constructor(
    private readonly activityRows: ActivitiesRepository,
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly activities: ActivityService,
    private readonly matchList: MatchListService,
    private readonly followUps: FollowUpService,
    private readonly matches: MatchService,
  ) {}

  async load(): Promise<{ activities: number; pairs: number; skipped: boolean }> {
    const result = { activities: 0, pairs: 0, skipped: false };
    if (await this.activityRows.existsWithTitle(DEMO_ACTIVITIES[0].title)) {
      return { ...result, skipped: true };
    }
    const organiser = await this.actorOf('organizer@zcz.local', Role.Organizer);
    const manager = await this.actorOf('manager@zcz.local', Role.Manager);
    const orgs = await this.registry.organisationIdsByName(DEMO_ORGANISATIONS.map((o) => o.name));
    const orgId = new Map(
      DEMO_ORGANISATIONS.map((o) => [o.key, orgs.get(o.name)]).filter((e): e is [string, string] => !!e[1]),
    );
    const demands = await this.registry.demandsTitled(
      DEMO_EXPECTED_MATCHES.map(([d]) => d),
      PUBLIC_DEMAND_STATUSES,
    );
    const achievements = await this.registry.achievementsTitled(
      DEMO_EXPECTED_MATCHES.map(([, a]) => a),
      AchievementStatus.Published,
    );
    const now = new Date();

    for (const spec of DEMO_ACTIVITIES) {
      const pairs = spec.pairs
        .map((i) => ({
          index: i,
          demand: demands.find((d) => d.title === DEMO_EXPECTED_MATCHES[i][0]),
          achievement: achievements.find((a) => a.title === DEMO_EXPECTED_MATCHES[i][1]),
        }))
        .filter((p): p is { index: number; demand: Demand; achievement: Achievement } => !!p.demand && !!p.achievement);
      const participants = [
        ...new Set([
          ...pairs.flatMap((p) => [p.demand.ownerOrganisationId, p.achievement.institutionId]),
          ...(spec.alsoInvited ?? []).map((k) => orgId.get(k)).filter((id): id is string => !!id),
        ]),
      ];
      const chains = [...new Set(pairs.flatMap((p) => p.demand.industryChainIds))].slice(0, 15);
      const scheduledAt = beijingAt(spec.inDays, spec.at, now);
      const created = await this.activities.create(
        organiser,
        plainToInstance(CreateActivityDto, {
          kind: spec.kind,
          title: spec.title,
          scheduledAt: scheduledAt.toISOString(),
          place: spec.place,
          district: spec.district,
          organiserOrganisationId: spec.organiserKey ? (orgId.get(spec.organiserKey) ?? null) : null,
          industryChainIds: chains,
          participants: participants.map((organisationId) => ({ organisationId })),
          notes: spec.notes,
        }),
      );
      for (const p of pairs) {
        const add = () =>
          this.matchList.add(organiser, created.id, {
            demandId: p.demand.id,
            achievementId: p.achievement.id,
            note: spec.pairNotes?.[p.index],
          });
        // The engine may store the same pair meanwhile (jobs run during the load): then the retry reuses it.
        await add().catch(() => add());
        result.pairs++;
      }
      if (spec.held) {
        await this.activities.hold(organiser, created.id, {
          attendance: spec.held.attendance,
          heldAt: new Date(scheduledAt.getTime() + 3 * 3600 * 1000).toISOString(),
        });
        // After the event: the first pair is settled, the second under way, the rest still waiting (overdue).
        const items = await this.followUps.list(
          manager,
          Object.assign(new FollowUpQueryDto(), { activityId: created.id, pageSize: 100 }),
        );
        // Pairs presented at the fair are confirmed (精准匹配) by the manager; the first one went on to a contract.
        // The last one the follow-up found 有合作意向 only recently: it waits for the manager's confirmation.
        const waiting = items.items.length > 2 ? items.items[items.items.length - 1] : undefined;
        for (const [n, item] of items.items.entries()) {
          if (item === waiting) continue;
          const steps = n === 0 ? (['confirm', 'contact', 'negotiate', 'contract'] as const) : (['confirm'] as const);
          for (const step of steps) {
            await this.matches.transition(manager, item.matchId, step, new MatchTransitionDto());
          }
        }
        const [first, second] = items.items;
        if (first) {
          await this.followUps.update(manager, first.id, {
            contacted: true,
            outcome: FollowUpOutcome.CooperationIntent,
            nextStep: '企业已赴校考察样机，双方签订技术开发意向书',
            status: FollowUpStatus.Done,
          });
        }
        if (second) {
          await this.followUps.update(manager, second.id, {
            contacted: true,
            outcome: FollowUpOutcome.FurtherTalks,
            nextStep: '安排成果团队到企业现场测试',
            dueDate: new Date(now.getTime() + 10 * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10),
          });
        }
        if (waiting) {
          await this.followUps.update(organiser, waiting.id, {
            contacted: true,
            outcome: FollowUpOutcome.CooperationIntent,
            note: '会后企业技术总监与团队面谈，希望联合开发，请技术经理人确认',
          });
        }
      }
      result.activities++;
    }
    this.logger.log(`Demo activities loaded: ${result.activities} activities, ${result.pairs} pairs`);
    return result;
  }

  private async actorOf(email: string, role: Role): Promise<Actor> {
    const user = await this.users.findByEmail(email);
    return user ? { userId: user.id, role, organisationId: user.organisationId } : SYSTEM_ACTOR;
  }
}
