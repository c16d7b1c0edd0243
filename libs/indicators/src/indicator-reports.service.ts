import { Actor, AppError, ErrorCode, PageQueryDto, Role, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { FilePurpose, FileStore } from '@app/files';
import { HttpStatus, Injectable } from '@nestjs/common';

import { IndicatorReport, REPORT_STATUS_LABELS, ReportStatus } from './indicator.entities';
import { indicatorDefinition } from './indicator-catalogue';
import { IndicatorReportsRepository } from './indicator-reports.repository';
import { PLATFORM_START_DATE, takesReportedHistory } from './reported-history';

/** Figures the platform cannot observe: reported with evidence by the responsible unit, reviewed by an admin. */
@Injectable()
export class IndicatorReportsService {
  constructor(
    private readonly reports: IndicatorReportsRepository,
    private readonly events: EventsService,
    private readonly files: FileStore,
  ) {}

  async submitReport(
    actor: Actor,
    key: string,
    input: { year: number; value: number; asOf: string; evidence: string },
  ) {
    const def = indicatorDefinition(key);
    if (def.source === 'observed' && takesReportedHistory(key)) {
      // History only: a period that ends before the platform's start (the records count from then on).
      if (input.asOf >= PLATFORM_START_DATE) {
        throw AppError.badRequest(
          ErrorCode.INDICATOR_NOT_REPORTABLE,
          `“${def.name}”自平台启用（${PLATFORM_START_DATE}）起由平台根据业务记录自动统计，` +
            `只接受截至日期早于 ${PLATFORM_START_DATE} 的历史数据填报`,
          [{ field: 'asOf', reason: `须早于平台启用日 ${PLATFORM_START_DATE}` }],
        );
      }
      if (Number(input.asOf.slice(0, 4)) !== input.year) {
        throw AppError.invalidField('asOf', `截至日期须在 ${input.year} 年内`);
      }
    } else if (def.source !== 'reported') {
      throw AppError.badRequest(
        ErrorCode.INDICATOR_NOT_REPORTABLE,
        `“${def.name}”由平台根据业务记录自动统计，不接受填报`,
      );
    }
    return this.events.transaction(async (manager) => {
      const row = await this.reports.insert(manager, {
        indicatorKey: key,
        ...input,
        authorId: actor.userId,
        status: ReportStatus.Submitted,
      });
      await this.events.record(manager, actor, {
        type: 'indicator_report.submitted',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: row.version,
        after: { indicatorKey: key, year: input.year, value: input.value, asOf: input.asOf },
      });
      return reportView(row);
    });
  }

  async attachEvidence(actor: Actor, id: string, file: { originalname: string; mimetype: string; buffer: Buffer }) {
    return this.events.transaction(async (manager) => {
      const row = await this.reports.lock(manager, id);
      if (!row) throw AppError.notFound('填报记录', id);
      if (row.authorId !== actor.userId && actor.role !== Role.Admin)
        throw AppError.forbidden('只能为本人填报的记录上传佐证材料');
      if (row.status !== ReportStatus.Submitted) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '已审核的填报记录不能再更换佐证材料');
      }
      const stored = await this.files.save(
        {
          purpose: FilePurpose.Evidence,
          filename: file.originalname,
          contentType: file.mimetype || 'application/octet-stream',
          content: file.buffer,
          createdById: actor.userId,
        },
        manager,
      );
      row.evidenceFileId = stored.id;
      const saved = await this.reports.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'indicator_report.evidence_attached',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: saved.version,
        after: { evidenceFileId: stored.id, filename: stored.filename, size: stored.size, sha256: stored.sha256 },
      });
      return reportView(saved);
    });
  }

  /** Whether the report still waits for an admin's review (submitted, neither approved nor rejected yet). */
  async awaitsReview(id: string): Promise<boolean> {
    return (await this.reports.statusOf(id)) === ReportStatus.Submitted;
  }

  /** Reports across indicators (the review queue: status submitted), newest first. */
  async list(query: PageQueryDto & { status?: ReportStatus; year?: number }) {
    const [rows, total] = await this.reports.list(query, (query.page - 1) * query.pageSize, query.pageSize);
    return toPage(rows.map(reportView), total, query);
  }

  /** Admin review; the author of a report cannot approve it (four eyes). */
  async review(actor: Actor, id: string, decision: 'approve' | 'reject', note?: string) {
    return this.events.transaction(async (manager) => {
      const row = await this.reports.lock(manager, id);
      if (!row) throw AppError.notFound('填报记录', id);
      if (row.status !== ReportStatus.Submitted) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `填报记录${REPORT_STATUS_LABELS[row.status]}，不能重复审核`,
        );
      }
      if (row.authorId && row.authorId === actor.userId) {
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, '不能审核本人填报的数据，请由其他管理员审核');
      }
      if (decision === 'reject' && !note?.trim()) {
        throw AppError.invalid([{ field: 'note', reason: '驳回须填写理由' }], '驳回须填写理由');
      }
      row.status = decision === 'approve' ? ReportStatus.Approved : ReportStatus.Rejected;
      row.reviewerId = actor.userId;
      row.reviewedAt = new Date();
      row.reviewNote = note ?? null;
      const saved = await this.reports.save(manager, row);
      await this.events.record(manager, actor, {
        type: decision === 'approve' ? 'indicator_report.approved' : 'indicator_report.rejected',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: saved.version,
        before: { status: ReportStatus.Submitted },
        after: { status: row.status, reviewNote: row.reviewNote },
      });
      return reportView(saved);
    });
  }
}

export function reportView(r: IndicatorReport) {
  return {
    ...r,
    indicatorName: indicatorDefinition(r.indicatorKey).name,
    statusLabel: REPORT_STATUS_LABELS[r.status],
    evidenceUrl: r.evidenceFileId ? `/files/${r.evidenceFileId}` : null,
  };
}
