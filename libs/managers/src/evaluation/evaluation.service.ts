import { FollowUpService } from '@app/activities';
import { Actor, AppError, assertVersion, ErrorCode, Role } from '@app/common';
import { EventsService } from '@app/events';
import { MatchService } from '@app/matching';
import { RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { isAdmin } from '../managers.access';
import { AffiliationKind } from '../managers.domain';
import {
  ComputeEvaluationDto,
  EvaluationPeriodResponseDto,
  EvaluationRankingDto,
  EvaluationRowDto,
  EvaluationSheetDto,
  PublishEvaluationDto,
} from './dto/evaluation.dto';
import { EVALUATION_STATUS_LABELS, EvaluationPeriod, EvaluationResult, EvaluationStatus } from './evaluation.entity';
import { EvaluationRepository } from './evaluation.repository';
import {
  addFacts,
  DEFAULT_SCORING_MODELS,
  EMPTY_FACTS,
  EVALUATION_SUBJECT_LABELS,
  EvaluationPeriodRange,
  EvaluationSubject,
  parsePeriodKey,
  scoreSubjects,
  ScoringModel,
  ScoringModelError,
  SubjectFacts,
  validateScoringModel,
} from './scoring-model';

function beijingToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * 分级评估: an admin computes a period (a draft, recomputed at will), then publishes it (a frozen snapshot, with
 * its event). Figures come from the records: pairs confirmed and contracts signed (matching), follow-ups after
 * activities (activities), service records, training and ratings (this context).
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly events: EventsService,
    private readonly matches: MatchService,
    private readonly followUps: FollowUpService,
    private readonly registry: RegistryReads,
  ) {}

  /** The platform's default models (as stored in the lib's JSON). */
  models(): Record<EvaluationSubject, ScoringModel> {
    return DEFAULT_SCORING_MODELS;
  }

  range(key: string): EvaluationPeriodRange {
    const range = parsePeriodKey(key);
    if (!range) throw AppError.invalidField('periodKey', '评估期格式为 2026、2026H1 或 2026H2');
    return range;
  }

  subject(kind: string): EvaluationSubject {
    if (kind !== 'manager' && kind !== 'agency') throw AppError.invalidField('subjectKind', '必须是 manager 或 agency');
    return kind;
  }

  async list(actor: Actor): Promise<EvaluationPeriodResponseDto[]> {
    const periods = (await this.repo.allPeriods()).filter(
      (p) => isAdmin(actor) || p.status === EvaluationStatus.Published,
    );
    const counts = await this.repo.counts(periods.map((p) => p.id));
    return periods.map((p) => this.view(p, counts.get(p.id)!));
  }

  async period(actor: Actor, key: string): Promise<EvaluationPeriodResponseDto> {
    const period = await this.readablePeriod(actor, key);
    return this.view(period, (await this.repo.counts([period.id])).get(period.id)!);
  }

  /** Computes (or recomputes) a period's draft. A published period is frozen: 409. */
  async compute(actor: Actor, dto: ComputeEvaluationDto): Promise<EvaluationPeriodResponseDto> {
    if (!isAdmin(actor)) throw AppError.forbidden('只有管理员可以计算分级评估');
    const range = this.range(dto.periodKey);
    if (range.startOn > beijingToday()) throw AppError.invalidField('periodKey', '评估期尚未开始');
    let models: Record<EvaluationSubject, ScoringModel>;
    try {
      models = {
        manager: dto.managerModel
          ? validateScoringModel(dto.managerModel, 'manager', 'managerModel')
          : DEFAULT_SCORING_MODELS.manager,
        agency: dto.agencyModel
          ? validateScoringModel(dto.agencyModel, 'agency', 'agencyModel')
          : DEFAULT_SCORING_MODELS.agency,
      };
    } catch (e) {
      if (e instanceof ScoringModelError)
        throw AppError.invalid(
          e.problems.map((p) => ({ field: p.field, reason: p.reason })),
          e.message,
        );
      throw e;
    }
    // Every figure is read before the transaction: the other contexts answer on connections of their own, which an
    // embedded single-connection database could not give while the transaction holds its only one.
    const reads = this.repo.reads();
    const profiles = await this.repo.activeProfiles(reads);
    const agencies = await this.repo.filedAgencies(reads);
    const own = await this.repo.ownFacts(reads, range.startOn, range.endOn);
    const from = new Date(`${range.startOn}T00:00:00+08:00`);
    const until = new Date(`${nextDay(range.endOn)}T00:00:00+08:00`);
    const led = await this.matches.ledBetween(from, until);
    const timeliness = await this.followUps.timelinessBetween(range.startOn, range.endOn);
    const names = await this.registry.organisationNames(agencies.map((a) => a.organisationId));
    const ledBy = new Map(led.map((l) => [l.userId, l]));
    const timelyBy = new Map(timeliness.map((t) => [t.userId, t]));
    const factsOf = (p: (typeof profiles)[number]): SubjectFacts => ({
      ...EMPTY_FACTS,
      confirmedMatches: ledBy.get(p.userId)?.confirmed ?? 0,
      contracts: ledBy.get(p.userId)?.contracts ?? 0,
      contractValue: ledBy.get(p.userId)?.contractValue ?? 0,
      serviceRecords: own.serviceRecords.get(p.id) ?? 0,
      followUpsDue: timelyBy.get(p.userId)?.due ?? 0,
      followUpsOnTime: timelyBy.get(p.userId)?.onTime ?? 0,
      trainingHours: own.trainingHours.get(p.id) ?? 0,
      assessmentSum: own.assessments.get(p.id)?.sum ?? 0,
      assessmentCount: own.assessments.get(p.id)?.count ?? 0,
      ratingSum: own.ratings.get(p.id)?.sum ?? 0,
      ratingCount: own.ratings.get(p.id)?.count ?? 0,
      activeManagers: 1,
    });
    const managerSubjects = profiles.map((p) => ({ subjectId: p.id, name: p.name, facts: factsOf(p) }));
    const agencySubjects = agencies.map((a) => ({
      subjectId: a.id,
      name: names.get(a.organisationId) ?? '',
      facts: profiles
        .filter((p) => p.affiliationKind === AffiliationKind.Agency && p.affiliationOrganisationId === a.organisationId)
        .map(factsOf)
        .reduce(addFacts, EMPTY_FACTS),
    }));
    await this.events.transaction(async (tx) => {
      await this.repo.lockKey(tx, range.key);
      const existing = await this.repo.lockPeriod(tx, range.key);
      if (existing?.status === EvaluationStatus.Published) {
        throw AppError.conflict(ErrorCode.EVALUATION_PUBLISHED, `${range.label}的评估已发布，不能重新计算`, {
          periodKey: range.key,
        });
      }
      const userOf = new Map(profiles.map((p) => [p.id, p.userId]));
      const now = new Date();
      const period =
        existing ??
        this.repo.newPeriod({
          periodKey: range.key,
          startOn: range.startOn,
          endOn: range.endOn,
          status: EvaluationStatus.Draft,
        });
      const before = existing ? { computedAt: existing.computedAt, version: existing.version } : null;
      period.models = models;
      period.computedAt = now;
      period.computedById = actor.userId;
      const saved = await this.repo.savePeriod(tx, period);
      const rows: Partial<EvaluationResult>[] = [];
      for (const [kind, subjects] of [
        ['manager', managerSubjects],
        ['agency', agencySubjects],
      ] as const) {
        for (const s of scoreSubjects(models[kind], subjects)) {
          rows.push({
            periodId: saved.id,
            subjectKind: kind,
            subjectId: s.subjectId,
            subjectName: s.name,
            userId: kind === 'manager' ? (userOf.get(s.subjectId) ?? null) : null,
            rank: s.rank,
            total: s.total,
            grade: s.grade,
            gradeLabel: s.gradeLabel,
            criteria: s.criteria,
            facts: s.facts,
          });
        }
      }
      await this.repo.replaceResults(tx, saved.id, rows);
      await this.events.record(tx, actor, {
        type: 'evaluation_period.computed',
        entityType: 'evaluation_period',
        entityId: saved.id,
        entityVersion: saved.version,
        before,
        after: {
          periodKey: range.key,
          status: saved.status,
          managers: managerSubjects.length,
          agencies: agencySubjects.length,
          models: { manager: models.manager.code, agency: models.agency.code },
        },
      });
    });
    return this.period(actor, range.key);
  }

  /** Freezes a draft: its results stay as they are, whatever is recorded later. */
  async publish(actor: Actor, key: string, dto: PublishEvaluationDto): Promise<EvaluationPeriodResponseDto> {
    if (!isAdmin(actor)) throw AppError.forbidden('只有管理员可以发布分级评估');
    const range = this.range(key);
    await this.events.transaction(async (tx) => {
      const period = await this.repo.lockPeriod(tx, range.key);
      if (!period) throw AppError.notFound('评估期', range.key);
      if (period.status === EvaluationStatus.Published) {
        throw AppError.conflict(ErrorCode.EVALUATION_PUBLISHED, `${range.label}的评估已发布`, { periodKey: range.key });
      }
      assertVersion(period, dto.version);
      period.status = EvaluationStatus.Published;
      period.publishedAt = new Date();
      period.publishedById = actor.userId;
      const saved = await this.repo.savePeriod(tx, period);
      await this.events.record(tx, actor, {
        type: 'evaluation_period.published',
        entityType: 'evaluation_period',
        entityId: saved.id,
        entityVersion: saved.version,
        before: { status: EvaluationStatus.Draft },
        after: { status: EvaluationStatus.Published, periodKey: range.key, computedAt: saved.computedAt },
      });
    });
    return this.period(actor, range.key);
  }

  /** The ranking of a period (admins: drafts too). */
  async ranking(actor: Actor, key: string, subjectKind: EvaluationSubject = 'manager'): Promise<EvaluationRankingDto> {
    if (!isAdmin(actor)) throw AppError.forbidden('只有管理员可以查看评估排名');
    const period = await this.readablePeriod(actor, key);
    const results = await this.repo.resultsOf(period.id, subjectKind);
    const counts = (await this.repo.counts([period.id])).get(period.id)!;
    return { period: this.view(period, counts), subjectKind, rows: results.map((r) => this.row(r)) };
  }

  /** One sheet: admins read any; a manager reads their own, once the period is published. */
  async sheet(
    actor: Actor,
    key: string,
    subjectKind: EvaluationSubject,
    subjectId: string,
  ): Promise<EvaluationSheetDto> {
    const period = await this.readablePeriod(actor, key);
    const result = await this.repo.resultOf(period.id, subjectKind, subjectId);
    if (!result || (!isAdmin(actor) && result.userId !== actor.userId)) throw AppError.notFound('评估表', subjectId);
    return this.sheetView(period, result);
  }

  /** 我的评估: the signed-in manager's sheet of a published period. */
  async mine(actor: Actor, key: string): Promise<EvaluationSheetDto> {
    if (actor.role !== Role.Manager && !isAdmin(actor)) throw AppError.forbidden('只有技术经理人有本人的评估表');
    const period = await this.readablePeriod(actor, key, true);
    const result = actor.userId ? await this.repo.resultOfUser(period.id, actor.userId) : null;
    if (!result) throw AppError.notFound('本人的评估表', key);
    return this.sheetView(period, result);
  }

  private async sheetView(period: EvaluationPeriod, result: EvaluationResult): Promise<EvaluationSheetDto> {
    const counts = (await this.repo.counts([period.id])).get(period.id)!;
    const model = period.models[result.subjectKind];
    return {
      ...this.row(result),
      period: this.view(period, counts),
      subjectKind: result.subjectKind,
      subjectKindLabel: EVALUATION_SUBJECT_LABELS[result.subjectKind],
      of: counts[result.subjectKind],
      modelName: model.name,
      grades: model.grades,
    };
  }

  /** Admins read drafts; everyone else only published periods (404 otherwise). */
  private async readablePeriod(actor: Actor, key: string, publishedOnly = false): Promise<EvaluationPeriod> {
    const range = this.range(key);
    const period = await this.repo.periodByKey(range.key);
    if (!period || ((publishedOnly || !isAdmin(actor)) && period.status !== EvaluationStatus.Published)) {
      throw AppError.notFound('评估期', range.key);
    }
    return period;
  }

  private row(r: EvaluationResult): EvaluationRowDto {
    return {
      subjectId: r.subjectId,
      subjectName: r.subjectName,
      rank: r.rank,
      total: r.total,
      grade: r.grade,
      gradeLabel: r.gradeLabel,
      criteria: r.criteria,
    };
  }

  private view(p: EvaluationPeriod, counts: Record<EvaluationSubject, number>): EvaluationPeriodResponseDto {
    return {
      id: p.id,
      periodKey: p.periodKey,
      label: parsePeriodKey(p.periodKey)!.label,
      startOn: p.startOn,
      endOn: p.endOn,
      status: p.status,
      statusLabel: EVALUATION_STATUS_LABELS[p.status],
      computedAt: p.computedAt,
      publishedAt: p.publishedAt,
      counts,
      models: p.models,
      version: p.version,
    };
  }
}
