import { Actor, AppError, ErrorCode, RecordWorkflow, Role } from '@app/common';
import { EventsService } from '@app/events';
import { RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { MatchInterestDto, MatchInterestResultDto } from '../dto/match-console.dto';
import {
  INTEREST_REASON_LABELS,
  Match,
  MATCH_INTEREST_LABELS,
  MATCH_STATUS_LABELS,
  MatchInterest,
  MatchStatus,
} from './match.entity';
import { MatchRepository } from './match.repository';
import { matchReaderOf } from './match.visibility';
import { MATCH_RECORD, MatchAction } from './match.workflow';

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
  ) {
    this.workflow = new RecordWorkflow(MATCH_RECORD, matches);
  }

  private readonly workflow: RecordWorkflow<Match, MatchStatus, MatchAction>;

  async record(actor: Actor, id: string, dto: MatchInterestDto): Promise<MatchInterestResultDto> {
    if (dto.interest === MatchInterest.NotInterested && !dto.reason) throw fieldError('reason', '选择“不合适”时必填');
    if (dto.interest === MatchInterest.Interested && dto.reason) throw fieldError('reason', '仅在选择“不合适”时填写');
    return this.events.transaction(async (manager) => {
      const saved = await this.workflow.update(manager, actor, id, dto.version, {
        // The demand's owner alone says it (not staff, not the achievement's side), and only an enterprise user.
        authorize: async (tx, match) => {
          const parties = await this.registry.pairParties(match.demandId, match.achievementId, tx);
          const reader = matchReaderOf(actor, {
            demandOwnerId: parties.owner ?? undefined,
            institutionId: parties.institution ?? undefined,
          });
          if (!reader) throw AppError.notFound('匹配', id);
          if (reader !== 'owner' || actor.role !== Role.Enterprise) {
            throw AppError.forbidden('只有需求方企业可以对推荐表达意向');
          }
        },
        apply: (match) => {
          if (match.status === MatchStatus.Rejected) {
            throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '该推荐已被否决，不能再表达意向', {
              status: match.status,
            });
          }
          match.interest = dto.interest;
          match.interestReason = dto.reason ?? null;
          match.interestNote = dto.note || null;
          match.interestAt = new Date();
          match.interestById = actor.userId;
        },
        record: (after, before) =>
          this.events.record(manager, actor, {
            type: 'match.interest_recorded',
            entityType: 'match',
            entityId: id,
            entityVersion: after.version,
            before: { interest: before.interest, interestReason: before.interestReason },
            after: {
              interest: after.interest,
              interestLabel: MATCH_INTEREST_LABELS[dto.interest],
              reason: after.interestReason,
              reasonLabel: after.interestReason ? INTEREST_REASON_LABELS[after.interestReason] : null,
              note: after.interestNote,
              status: after.status,
              demandId: after.demandId,
              achievementId: after.achievementId,
            },
          }),
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
