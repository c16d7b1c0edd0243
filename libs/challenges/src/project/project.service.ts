import { Actor, AppError, assertVersion, ErrorCode, isStaff, Party } from '@app/common';
import { EventsService, EventType } from '@app/events';
import { applyTransition, RegistryReads, Workflow } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ChallengeBid } from '../bid/bid.entity';
import {
  ChallengeMechanism,
  fileRefFor,
  MILESTONE_STATUS_LABELS,
  MilestoneStatus,
  PROGRAMME_LINE_LABELS,
  PROJECT_STATUS_LABELS,
  ProjectStatus,
} from '../challenge/challenge.domain';
import { Challenge } from '../challenge/challenge.entity';
import { ChallengeRepository } from '../challenge/challenge.repository';
import { AcceptMilestoneDto, EliminateProjectDto, ProjectAcceptanceDto, ProjectQueryDto } from './dto/project.dto';
import { ChallengeProject } from './project.entity';
import { ProjectRepository } from './project.repository';
import { indicatorMet } from './project.rules';

type ProjectAction = 'eliminate' | 'accept' | 'fail';

/** running → eliminated (赛马制 mid-term) | accepted (验收通过) | failed (验收未通过); staff only. */
const PROJECT_WORKFLOW: Workflow<ProjectStatus, ProjectAction> = {
  eliminate: { from: [ProjectStatus.Running], to: ProjectStatus.Eliminated, by: ['staff'], label: '中期淘汰' },
  accept: { from: [ProjectStatus.Running], to: ProjectStatus.Accepted, by: ['staff'], label: '验收通过' },
  fail: { from: [ProjectStatus.Running], to: ProjectStatus.Failed, by: ['staff'], label: '验收未通过' },
};

const EVENT_OF_PROJECT_ACTION = {
  eliminate: 'challenge_project.eliminated',
  accept: 'challenge_project.accepted',
  fail: 'challenge_project.failed',
} as const satisfies Record<ProjectAction, EventType>;

export interface ProjectView extends ChallengeProject {
  statusLabel: string;
  programmeLineLabel: string;
  challengeTitle: string;
  mechanism: ChallengeMechanism;
  organisationName: string | null;
  milestones: Array<ChallengeProject['milestones'][number] & { statusLabel: string }>;
  /** accept-milestone, eliminate, acceptance: what the caller may do now. */
  allowedActions: string[];
}

@Injectable()
export class ProjectService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly challenges: ChallengeRepository,
    private readonly events: EventsService,
    private readonly registry: RegistryReads,
  ) {}

  /** The award's projects, one per winning bid, with the bid's milestones (inside the award's transaction). */
  async createForAward(
    manager: EntityManager,
    actor: Actor,
    call: Challenge,
    winners: ChallengeBid[],
    awardedAt: Date,
  ): Promise<ChallengeProject[]> {
    const created: ChallengeProject[] = [];
    for (const bid of winners) {
      const row = this.projects.create({
        challengeId: call.id,
        bidId: bid.id,
        organisationId: bid.bidderOrganisationId,
        memberOrganisationIds: bid.members.map((m) => m.organisationId),
        title: call.title,
        programmeLine: call.programmeLine,
        funding: bid.requestedFunding,
        awardedAt,
        milestones: bid.milestones.map((m) => ({
          ...m,
          status: MilestoneStatus.Pending,
          note: null,
          acceptedAt: null,
          acceptedById: null,
        })),
        status: ProjectStatus.Running,
        acceptance: null,
        eliminationReason: null,
        closedAt: null,
      });
      const saved = await this.projects.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'challenge_project.created',
        entityType: 'challenge_project',
        entityId: saved.id,
        entityVersion: saved.version,
        after: {
          challengeId: call.id,
          bidId: bid.id,
          organisationId: saved.organisationId,
          programmeLine: saved.programmeLine,
          awardedAt: saved.awardedAt,
          funding: saved.funding,
        },
      });
      created.push(saved);
    }
    return created;
  }

  async list(actor: Actor, query: ProjectQueryDto): Promise<ProjectView[]> {
    const own = actor.organisationId && !isStaff(actor) ? await this.enterpriseCalls(actor.organisationId) : [];
    const rows = await this.projects.visible(actor, own, query.challengeId);
    return this.views(actor, rows);
  }

  async get(actor: Actor, id: string): Promise<ProjectView> {
    const project = await this.readable(actor, id);
    return (await this.views(actor, [project]))[0];
  }

  async acceptMilestone(actor: Actor, id: string, index: number, dto: AcceptMilestoneDto): Promise<ProjectView> {
    await this.events.transaction(async (manager) => {
      const project = await this.lockForStaff(manager, actor, id);
      assertVersion(project, dto.version);
      if (project.status !== ProjectStatus.Running) {
        throw AppError.conflict(
          ErrorCode.NOT_EDITABLE,
          `项目处于“${PROJECT_STATUS_LABELS[project.status]}”状态，不能验收里程碑`,
          { status: project.status },
        );
      }
      const milestone = project.milestones[index];
      if (!milestone) throw AppError.notFound('里程碑', String(index));
      if (milestone.status === MilestoneStatus.Accepted) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, `里程碑“${milestone.title}”已验收`, { index });
      }
      const before = { ...milestone };
      project.milestones = project.milestones.map((m, i) =>
        i === index
          ? {
              ...m,
              status: MilestoneStatus.Accepted,
              note: dto.note ?? null,
              acceptedAt: new Date().toISOString(),
              acceptedById: actor.userId,
            }
          : m,
      );
      const saved = await this.projects.save(manager, project);
      await this.events.record(manager, actor, {
        type: 'challenge_project.milestone_accepted',
        entityType: 'challenge_project',
        entityId: id,
        entityVersion: saved.version,
        before: { milestone: index, status: before.status },
        after: { milestone: index, status: MilestoneStatus.Accepted, title: milestone.title, note: dto.note ?? null },
      });
    });
    return this.get(actor, id);
  }

  /** 赛马制 mid-term review: a team is eliminated (reason recorded) while at least one other keeps running. */
  async eliminate(actor: Actor, id: string, dto: EliminateProjectDto): Promise<ProjectView> {
    await this.events.transaction(async (manager) => {
      const project = await this.lockForStaff(manager, actor, id);
      const call = (await this.challenges.findById(project.challengeId, manager))!;
      if (call.mechanism !== ChallengeMechanism.HorseRace) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '只有赛马制项目可以中期淘汰');
      }
      const others = (await this.projects.ofChallenge(call.id, manager)).filter(
        (p) => p.id !== id && p.status === ProjectStatus.Running,
      );
      if (project.status === ProjectStatus.Running && !others.length) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '赛马制至少保留一支团队，不能淘汰最后一个在研项目');
      }
      await this.step(manager, actor, project, 'eliminate', dto.version, (row) => {
        row.eliminationReason = dto.reason;
        return { reason: dto.reason };
      });
    });
    return this.get(actor, id);
  }

  /** 验收: every milestone accepted, a measured value for every acceptance indicator; passed or failed. */
  async acceptance(actor: Actor, id: string, dto: ProjectAcceptanceDto): Promise<ProjectView> {
    await this.events.transaction(async (manager) => {
      const project = await this.lockForStaff(manager, actor, id);
      const call = (await this.challenges.findById(project.challengeId, manager))!;
      const names = call.indicators.map((i) => i.name);
      const given = dto.measured.map((m) => m.name);
      const missing = names.filter((n) => !given.includes(n));
      const unknown = given.filter((n) => !names.includes(n));
      if (missing.length || unknown.length || new Set(given).size !== given.length) {
        throw AppError.invalidField(
          'measured',
          missing.length
            ? `缺少验收指标的实测值：${missing.join('、')}`
            : unknown.length
              ? `不是本榜单的验收指标：${unknown.join('、')}`
              : '验收指标重复',
          { missing, unknown },
        );
      }
      const open = project.milestones.filter((m) => m.status !== MilestoneStatus.Accepted);
      if (project.status === ProjectStatus.Running && open.length) {
        throw AppError.conflict(
          ErrorCode.INCOMPLETE_FOR_TRANSITION,
          `还有 ${open.length} 个里程碑未验收，不能进行项目验收`,
          { milestones: open.map((m) => m.title) },
        );
      }
      await this.step(manager, actor, project, dto.passed ? 'accept' : 'fail', dto.version, (row) => {
        row.acceptance = {
          passed: dto.passed,
          note: dto.note ?? null,
          measured: call.indicators.map((i) => {
            const value = dto.measured.find((m) => m.name === i.name)!.value;
            return { name: i.name, target: i.target, unit: i.unit, value, met: indicatorMet(i.target, value) };
          }),
        };
        return { acceptance: row.acceptance };
      });
    });
    return this.get(actor, id);
  }

  /** Projects of a call that still run (the call completes only when none does). */
  async running(manager: EntityManager, challengeId: string): Promise<ChallengeProject[]> {
    return (await this.projects.ofChallenge(challengeId, manager)).filter((p) => p.status === ProjectStatus.Running);
  }

  private async step(
    manager: EntityManager,
    actor: Actor,
    project: ChallengeProject,
    action: ProjectAction,
    version: number | undefined,
    apply: (row: ChallengeProject) => Record<string, unknown>,
  ): Promise<void> {
    assertVersion(project, version);
    const from = project.status;
    const parties: Party[] = isStaff(actor) ? ['staff'] : [];
    project.status = applyTransition(PROJECT_WORKFLOW, action, from, parties, PROJECT_STATUS_LABELS);
    project.closedAt = new Date();
    const extra = apply(project);
    const saved = await this.projects.save(manager, project);
    await this.events.record(manager, actor, {
      type: EVENT_OF_PROJECT_ACTION[action],
      entityType: 'challenge_project',
      entityId: project.id,
      entityVersion: saved.version,
      before: { status: from },
      after: {
        status: saved.status,
        challengeId: saved.challengeId,
        programmeLine: saved.programmeLine,
        awardedAt: saved.awardedAt,
        ...extra,
      },
    });
  }

  private async lockForStaff(manager: EntityManager, actor: Actor, id: string): Promise<ChallengeProject> {
    const project = await this.projects.lockForUpdate(manager, id);
    if (!project || !(await this.canRead(actor, project, manager))) throw AppError.notFound('攻关项目', id);
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以验收项目');
    return project;
  }

  /** The project if the actor may read it (lead, members, the call's enterprise, staff); 404 otherwise. */
  async readable(actor: Actor, id: string, manager?: EntityManager): Promise<ChallengeProject> {
    const project = await this.projects.findById(id, manager);
    if (!project || !(await this.canRead(actor, project, manager))) throw AppError.notFound('攻关项目', id);
    return project;
  }

  private async canRead(actor: Actor, p: ChallengeProject, manager?: EntityManager): Promise<boolean> {
    if (isStaff(actor)) return true;
    const org = actor.organisationId;
    if (!org) return false;
    if (p.organisationId === org || p.memberOrganisationIds.includes(org)) return true;
    const call = await this.challenges.findById(p.challengeId, manager);
    return call?.enterpriseOrganisationId === org;
  }

  private async enterpriseCalls(organisationId: string): Promise<string[]> {
    return this.challenges.idsOfEnterprise(organisationId);
  }

  private async views(actor: Actor, rows: ChallengeProject[]): Promise<ProjectView[]> {
    if (!rows.length) return [];
    const calls = new Map<string, Challenge>();
    for (const id of new Set(rows.map((p) => p.challengeId))) {
      const c = await this.challenges.findById(id);
      if (c) calls.set(id, c);
    }
    const names = await this.registry.organisationNames([...new Set(rows.map((p) => p.organisationId))]);
    const staff = isStaff(actor);
    return rows.map((p) => {
      const call = calls.get(p.challengeId)!;
      const running = p.status === ProjectStatus.Running;
      const party =
        !!actor.organisationId &&
        (p.organisationId === actor.organisationId || p.memberOrganisationIds.includes(actor.organisationId));
      const allowed: string[] = [];
      if (staff && running) {
        if (p.milestones.some((m) => m.status === MilestoneStatus.Pending)) allowed.push('accept-milestone');
        else allowed.push('acceptance');
        if (call.mechanism === ChallengeMechanism.HorseRace) allowed.push('eliminate');
      }
      return {
        ...p,
        statusLabel: PROJECT_STATUS_LABELS[p.status],
        programmeLineLabel: PROGRAMME_LINE_LABELS[p.programmeLine],
        challengeTitle: call.title,
        mechanism: call.mechanism,
        organisationName: names.get(p.organisationId) ?? null,
        milestones: p.milestones.map((m) => ({
          ...m,
          // Which manager accepted (a staff user id) is for staff; the evidence's uploader for staff and the parties.
          acceptedById: staff ? m.acceptedById : null,
          ...(m.evidence && { evidence: m.evidence.map((e) => fileRefFor(e, staff || party)) }),
          statusLabel: MILESTONE_STATUS_LABELS[m.status],
        })),
        allowedActions: allowed,
      };
    });
  }
}
