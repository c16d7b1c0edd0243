import {
  Actor,
  AppError,
  applyTransition,
  assertVersion,
  ErrorCode,
  isStaff,
  Party,
  toPage,
  Workflow,
} from '@app/common';
import { EventsService } from '@app/events';
import { IndustryChainService } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  ASSESSMENT_RESULT_LABELS,
  CAMP_STATUS_LABELS,
  CampStatus,
  ProfileStatus,
  SESSION_KIND_LABELS,
  SessionKind,
} from '../managers.domain';
import { ManagerProfileService } from '../profile/manager-profile.service';
import {
  AddSessionDto,
  AssessmentDto,
  AttendanceDto,
  CampQueryDto,
  CampResponseDto,
  CampTransitionDto,
  CreateCampDto,
  EnrolDto,
} from './dto/training.dto';
import { TrainingCamp } from './training-camp.entity';
import { TrainingCampsRepository } from './training-camps.repository';

/** open → closed (结营): a closed camp takes no more sessions, enrolments, attendance or assessments. */
const CAMP_WORKFLOW: Workflow<CampStatus, 'close'> = {
  close: { from: [CampStatus.Open], to: CampStatus.Closed, by: ['staff'], label: '结营' },
};

/** Training camps per industry chain: 培训 and 实践 sessions, enrolment and attendance, 评价 and 激励. Staff run them. */
@Injectable()
export class TrainingCampService {
  constructor(
    private readonly camps: TrainingCampsRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly profiles: ManagerProfileService,
  ) {}

  async create(actor: Actor, dto: CreateCampDto): Promise<CampResponseDto> {
    this.assertStaff(actor);
    if (dto.endOn < dto.startOn) throw AppError.invalidField('endOn', '不能早于开始日期');
    const id = await this.events.transaction(async (manager) => {
      await this.chains.assertUsable(manager, [dto.industryChainId], 'industryChainId');
      const saved = await this.camps.save(
        manager,
        this.camps.create({ ...dto, description: dto.description ?? '', status: CampStatus.Open }, manager),
      );
      await this.events.record(manager, actor, {
        type: 'training_camp.created',
        entityType: 'training_camp',
        entityId: saved.id,
        entityVersion: saved.version,
        after: { ...saved },
      });
      return saved.id;
    });
    return this.get(id);
  }

  async get(id: string): Promise<CampResponseDto> {
    const row = await this.camps.findById(id);
    if (!row) throw AppError.notFound('训练营', id);
    return (await this.views([row]))[0];
  }

  async list(query: CampQueryDto) {
    const [rows, total] = await this.camps.page(query);
    return toPage(await this.views(rows), total, query);
  }

  async addSession(actor: Actor, id: string, dto: AddSessionDto): Promise<CampResponseDto> {
    this.assertStaff(actor);
    await this.events.transaction(async (manager) => {
      const camp = await this.lockOpen(manager, id);
      if (dto.heldOn < camp.startOn || dto.heldOn > camp.endOn) {
        throw AppError.invalidField('heldOn', `须在训练营期间（${camp.startOn} 至 ${camp.endOn}）内`);
      }
      const session = await this.camps.saveSession(manager, { campId: id, ...dto });
      await this.record(manager, actor, id, 'training_camp.session_added', {
        session: { id: session.id, kind: session.kind, title: session.title, heldOn: session.heldOn, hours: dto.hours },
      });
    });
    return this.get(id);
  }

  async enrol(actor: Actor, id: string, dto: EnrolDto): Promise<CampResponseDto> {
    this.assertStaff(actor);
    await this.events.transaction(async (manager) => {
      await this.lockOpen(manager, id);
      const profile = await this.profiles.lockProfileIfAny(manager, dto.managerProfileId);
      if (!profile) throw AppError.invalidField('managerProfileId', '技术经理人档案不存在');
      if (profile.status !== ProfileStatus.Active) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '技术经理人档案已停用，不能报名', {
          managerProfileId: profile.id,
        });
      }
      if (await this.camps.findEnrolment(manager, id, profile.id)) {
        throw AppError.conflict(ErrorCode.CONFLICT, '该技术经理人已报名本训练营', { managerProfileId: profile.id });
      }
      const enrolment = await this.camps.saveEnrolment(manager, { campId: id, managerProfileId: profile.id });
      await this.record(manager, actor, id, 'training_camp.enrolled', {
        enrolmentId: enrolment.id,
        managerProfileId: profile.id,
      });
    });
    return this.get(id);
  }

  async attendance(actor: Actor, id: string, enrolmentId: string, dto: AttendanceDto): Promise<CampResponseDto> {
    this.assertStaff(actor);
    await this.events.transaction(async (manager) => {
      await this.lockOpen(manager, id);
      const enrolment = await this.camps.lockEnrolment(manager, enrolmentId);
      if (!enrolment || enrolment.campId !== id) throw AppError.notFound('报名记录', enrolmentId);
      const known = new Set((await this.camps.sessionsOf([id], manager)).map((s) => s.id));
      const unknown = dto.sessionIds.filter((s) => !known.has(s));
      if (unknown.length) throw AppError.invalidField('sessionIds', '不是本训练营的场次', { ids: unknown });
      const before = enrolment.attendedSessionIds;
      enrolment.attendedSessionIds = dto.sessionIds;
      await this.camps.saveEnrolment(manager, enrolment);
      await this.record(manager, actor, id, 'training_camp.attendance_recorded', {
        enrolmentId,
        attendedSessionIds: dto.sessionIds,
        before,
      });
    });
    return this.get(id);
  }

  async assess(actor: Actor, id: string, enrolmentId: string, dto: AssessmentDto): Promise<CampResponseDto> {
    this.assertStaff(actor);
    await this.events.transaction(async (manager) => {
      await this.lockOpen(manager, id);
      const enrolment = await this.camps.lockEnrolment(manager, enrolmentId);
      if (!enrolment || enrolment.campId !== id) throw AppError.notFound('报名记录', enrolmentId);
      Object.assign(enrolment, {
        assessmentScore: dto.score,
        assessmentResult: dto.result,
        assessmentComment: dto.comment ?? '',
        incentive: dto.incentive ?? '',
        assessedAt: new Date(),
      });
      await this.camps.saveEnrolment(manager, enrolment);
      await this.record(manager, actor, id, 'training_camp.assessed', {
        enrolmentId,
        managerProfileId: enrolment.managerProfileId,
        score: dto.score,
        result: dto.result,
        incentive: dto.incentive ?? '',
      });
    });
    return this.get(id);
  }

  async close(actor: Actor, id: string, dto: CampTransitionDto): Promise<CampResponseDto> {
    await this.events.transaction(async (manager) => {
      const camp = await this.lock(manager, id);
      assertVersion(camp, dto.version);
      const parties: Party[] = isStaff(actor) ? ['staff'] : [];
      const from = camp.status;
      const to = applyTransition(CAMP_WORKFLOW, 'close', from, parties, CAMP_STATUS_LABELS);
      camp.status = to;
      camp.closedAt = new Date();
      const saved = await this.camps.save(manager, camp);
      await this.events.record(manager, actor, {
        type: 'training_camp.closed',
        entityType: 'training_camp',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: { status: to, closedAt: saved.closedAt },
      });
    });
    return this.get(id);
  }

  private assertStaff(actor: Actor): void {
    if (!isStaff(actor)) throw AppError.forbidden('只有平台人员可以管理训练营');
  }

  private async lock(manager: EntityManager, id: string): Promise<TrainingCamp> {
    const camp = await this.camps.lockForUpdate(manager, id);
    if (!camp) throw AppError.notFound('训练营', id);
    return camp;
  }

  private async lockOpen(manager: EntityManager, id: string): Promise<TrainingCamp> {
    const camp = await this.lock(manager, id);
    if (camp.status !== CampStatus.Open) {
      throw AppError.conflict(ErrorCode.NOT_EDITABLE, '训练营已结营，不能再修改', { status: camp.status });
    }
    return camp;
  }

  private async record(
    manager: EntityManager,
    actor: Actor,
    id: string,
    type:
      | 'training_camp.session_added'
      | 'training_camp.enrolled'
      | 'training_camp.attendance_recorded'
      | 'training_camp.assessed',
    after: Record<string, unknown>,
  ): Promise<void> {
    const version = await this.camps.touch(manager, id);
    await this.events.record(manager, actor, {
      type,
      entityType: 'training_camp',
      entityId: id,
      entityVersion: version,
      before: null,
      after,
    });
  }

  private async views(rows: TrainingCamp[]): Promise<CampResponseDto[]> {
    if (!rows.length) return [];
    const refs = await this.chains.refs();
    const ids = rows.map((r) => r.id);
    const sessions = await this.camps.sessionsOf(ids);
    const enrolments = await this.camps.enrolmentsOf(ids);
    const names = new Map(
      (await this.profiles.profilesByIds([...new Set(enrolments.map((e) => e.managerProfileId))])).map((p) => [
        p.id,
        p.name,
      ]),
    );
    const sessionById = new Map(sessions.map((s) => [s.id, s]));
    const hours = (attended: string[], kind: SessionKind) =>
      Math.round(
        attended.map((s) => sessionById.get(s)).reduce((sum, s) => sum + (s && s.kind === kind ? s.hours : 0), 0) * 10,
      ) / 10;
    return rows.map((c) => {
      const chain = refs.get(c.industryChainId);
      return {
        id: c.id,
        title: c.title,
        industryChain: { id: c.industryChainId, code: chain?.code ?? '', name: chain?.name ?? '' },
        description: c.description,
        startOn: c.startOn,
        endOn: c.endOn,
        status: c.status,
        statusLabel: CAMP_STATUS_LABELS[c.status],
        sessions: sessions
          .filter((s) => s.campId === c.id)
          .map((s) => ({
            id: s.id,
            kind: s.kind,
            kindLabel: SESSION_KIND_LABELS[s.kind],
            title: s.title,
            heldOn: s.heldOn,
            hours: s.hours,
          })),
        enrolments: enrolments
          .filter((e) => e.campId === c.id)
          .map((e) => ({
            id: e.id,
            managerProfileId: e.managerProfileId,
            managerName: names.get(e.managerProfileId) ?? '',
            attendedSessionIds: e.attendedSessionIds,
            trainingHours: hours(e.attendedSessionIds, SessionKind.Training),
            practiceHours: hours(e.attendedSessionIds, SessionKind.Practice),
            assessmentScore: e.assessmentScore,
            assessmentResult: e.assessmentResult,
            assessmentResultLabel: e.assessmentResult ? ASSESSMENT_RESULT_LABELS[e.assessmentResult] : null,
            assessmentComment: e.assessmentComment,
            incentive: e.incentive,
          })),
        version: c.version,
      };
    });
  }
}
