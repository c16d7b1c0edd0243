import { Actor, AppError, ErrorCode, Role } from '@app/common';
import { EventsService } from '@app/events';
import { MatchService } from '@app/matching';
import { Injectable } from '@nestjs/common';

import { SERVICE_RECORD_KIND_LABELS } from '../managers.domain';
import { ManagerProfileService } from '../profile/manager-profile.service';
import { ServiceRecordService } from '../service-log/service-record.service';
import { RateableRecordDto, RateServiceDto, ServiceRatingResponseDto } from './dto/evaluation.dto';
import { RATED_RECORD_KIND_LABELS, RatedRecordKind } from './evaluation.entity';
import { EvaluationRepository } from './evaluation.repository';

const beijingDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

/**
 * An enterprise rates (1–5, with a comment) the service of the manager who served it: after a service record
 * about the enterprise, or a contracted pair of its demand that the manager confirmed. One rating per record.
 */
@Injectable()
export class ServiceRatingService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly events: EventsService,
    private readonly records: ServiceRecordService,
    private readonly profiles: ManagerProfileService,
    private readonly matches: MatchService,
  ) {}

  /** What the signed-in enterprise may rate, newest first, with its rating when given. */
  async rateable(actor: Actor): Promise<RateableRecordDto[]> {
    const orgId = this.enterpriseOf(actor);
    const [records, contracted, ratings] = await Promise.all([
      this.records.list(actor, { page: 1, pageSize: 100 } as never),
      this.matches.contractedOfOwner(orgId),
      this.repo.ratingsOf(orgId),
    ]);
    const rated = new Map(ratings.map((r) => [`${r.recordKind}:${r.recordId}`, r]));
    const leaders = new Map<string, { id: string; name: string }>();
    for (const userId of new Set(contracted.map((m) => m.confirmedById).filter((u): u is string => !!u))) {
      const p = await this.repo.profileOfUser(userId);
      if (p) leaders.set(userId, p);
    }
    const summary = (kind: RatedRecordKind, id: string) => {
      const r = rated.get(`${kind}:${id}`);
      return r ? { score: r.score, comment: r.comment, createdAt: r.createdAt } : null;
    };
    const rows: RateableRecordDto[] = [
      ...records.items.map((r) => ({
        recordKind: RatedRecordKind.ServiceRecord,
        recordKindLabel: RATED_RECORD_KIND_LABELS[RatedRecordKind.ServiceRecord],
        recordId: r.id,
        title: `${SERVICE_RECORD_KIND_LABELS[r.kind]}：${r.summary}`,
        occurredOn: r.occurredOn,
        managerProfileId: r.managerProfileId,
        managerName: r.managerName,
        rating: summary(RatedRecordKind.ServiceRecord, r.id),
      })),
      ...contracted
        .filter((m) => m.confirmedById && leaders.has(m.confirmedById))
        .map((m) => ({
          recordKind: RatedRecordKind.Match,
          recordKindLabel: RATED_RECORD_KIND_LABELS[RatedRecordKind.Match],
          recordId: m.id,
          title: `签约：${m.demandTitle} × ${m.achievementTitle}`,
          occurredOn: beijingDate(m.contractedAt),
          managerProfileId: leaders.get(m.confirmedById!)!.id,
          managerName: leaders.get(m.confirmedById!)!.name,
          rating: summary(RatedRecordKind.Match, m.id),
        })),
    ];
    return rows.sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
  }

  async rate(actor: Actor, dto: RateServiceDto): Promise<ServiceRatingResponseDto> {
    const orgId = this.enterpriseOf(actor);
    let managerProfileId: string;
    if (dto.recordKind === RatedRecordKind.ServiceRecord) {
      // 404 unless the record is about the actor's own organisation and stands
      const record = await this.records.readable(actor, dto.recordId);
      managerProfileId = record.managerProfileId;
    } else {
      const match = await this.matches.contracted(dto.recordId);
      if (!match || match.ownerOrganisationId !== orgId) throw AppError.notFound('签约项目', dto.recordId);
      const profile = match.confirmedById ? await this.repo.profileOfUser(match.confirmedById) : null;
      if (!profile) {
        throw AppError.conflict(ErrorCode.CONFLICT, '该签约项目没有负责的技术经理人，无法评价', {
          recordId: dto.recordId,
        });
      }
      managerProfileId = profile.id;
    }
    const saved = await this.events.transaction(async (tx) => {
      const row = await this.repo.insertRating(tx, {
        managerProfileId,
        organisationId: orgId,
        recordKind: dto.recordKind,
        recordId: dto.recordId,
        score: dto.score,
        comment: dto.comment ?? '',
        ratedById: actor.userId,
      });
      if (!row) {
        throw AppError.conflict(ErrorCode.ALREADY_RATED, '已评价过这条记录，每条记录只能评价一次', {
          recordId: dto.recordId,
        });
      }
      await this.events.record(tx, actor, {
        type: 'service_rating.created',
        entityType: 'service_rating',
        entityId: row.id,
        after: {
          managerProfileId,
          recordKind: dto.recordKind,
          recordId: dto.recordId,
          score: dto.score,
          comment: row.comment,
          organisationId: orgId,
        },
      });
      return row;
    });
    const [profile] = await this.profiles.profilesByIds([managerProfileId]);
    return {
      id: saved.id,
      managerProfileId,
      managerName: profile?.name ?? '',
      recordKind: saved.recordKind,
      recordId: saved.recordId,
      score: saved.score,
      comment: saved.comment,
      createdAt: saved.createdAt,
    };
  }

  private enterpriseOf(actor: Actor): string {
    if (actor.role !== Role.Enterprise || !actor.organisationId) {
      throw AppError.forbidden('只有企业用户可以评价技术经理人的服务');
    }
    return actor.organisationId;
  }
}
