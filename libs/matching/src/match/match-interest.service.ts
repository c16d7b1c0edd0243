import { Actor, AppError, assertVersion, ErrorCode, Role } from '@app/common';
import { EventsService } from '@app/events';
import { RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { MatchInterestDto, MatchInterestResultDto } from '../dto/match-console.dto';
import {
  INTEREST_REASON_LABELS,
  MATCH_INTEREST_LABELS,
  MATCH_STATUS_LABELS,
  MatchInterest,
  MatchStatus,
} from './match.entity';
import { MatchRepository } from './match.repository';
import { matchReaderOf } from './match.visibility';

const fieldError = (field: string, reason: string) => AppError.invalidField(field, reason);

/**
 * The demand owner's 有意向 / 不合适 on a suggestion. It is a signal for the technology manager, not a pipeline
 * step: the status (and 精准匹配, a manager's confirmation) stays as it is. A pair with an interest is kept through
 * recomputation like a decided one.
 */
@Injectable()
export class MatchInterestService {
  constructor(
    private readonly events: EventsService,
    private readonly matches: MatchRepository,
    private readonly registry: RegistryReads,
  ) {}

  async record(actor: Actor, id: string, dto: MatchInterestDto): Promise<MatchInterestResultDto> {
    if (dto.interest === MatchInterest.NotInterested && !dto.reason) throw fieldError('reason', '选择“不合适”时必填');
    if (dto.interest === MatchInterest.Interested && dto.reason) throw fieldError('reason', '仅在选择“不合适”时填写');
    return this.events.transaction(async (manager) => {
      const match = await this.matches.lockOne(manager, id);
      if (!match) throw AppError.notFound('匹配', id);
      const parties = await this.registry.pairParties(match.demandId, match.achievementId, manager);
      const reader = matchReaderOf(actor, {
        demandOwnerId: parties.owner ?? undefined,
        institutionId: parties.institution ?? undefined,
      });
      if (!reader) throw AppError.notFound('匹配', id);
      if (reader !== 'owner' || actor.role !== Role.Enterprise) {
        throw AppError.forbidden('只有需求方企业可以对推荐表达意向');
      }
      assertVersion(match, dto.version);
      if (match.status === MatchStatus.Rejected) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '该推荐已被否决，不能再表达意向', {
          status: match.status,
        });
      }
      const before = { interest: match.interest, interestReason: match.interestReason };
      match.interest = dto.interest;
      match.interestReason = dto.reason ?? null;
      match.interestNote = dto.note || null;
      match.interestAt = new Date();
      match.interestById = actor.userId;
      const saved = await this.matches.save(manager, match);
      await this.events.record(manager, actor, {
        type: 'match.interest_recorded',
        entityType: 'match',
        entityId: id,
        entityVersion: saved.version,
        before,
        after: {
          interest: saved.interest,
          interestLabel: MATCH_INTEREST_LABELS[dto.interest],
          reason: saved.interestReason,
          reasonLabel: saved.interestReason ? INTEREST_REASON_LABELS[saved.interestReason] : null,
          note: saved.interestNote,
          status: saved.status,
          demandId: saved.demandId,
          achievementId: saved.achievementId,
        },
      });
      return {
        id: saved.id,
        interest: dto.interest,
        interestLabel: MATCH_INTEREST_LABELS[dto.interest],
        interestReason: saved.interestReason,
        interestReasonLabel: saved.interestReason ? INTEREST_REASON_LABELS[saved.interestReason] : null,
        interestNote: saved.interestNote,
        interestAt: saved.interestAt!,
        status: saved.status,
        statusLabel: MATCH_STATUS_LABELS[saved.status],
        version: saved.version,
      };
    });
  }
}
