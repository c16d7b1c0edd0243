import { Actor, PageQueryDto } from '@app/common';
import { Injectable } from '@nestjs/common';

import { beijingDate } from './calendar';
import { ReportStatus } from './indicator.entities';
import { IndicatorDefinition, indicatorDefinition } from './indicator-catalogue';
import { IndicatorFigure, IndicatorOverview, IndicatorReadModel } from './indicator-read-model';
import { IndicatorReportsService } from './indicator-reports.service';
import { IndicatorTargetsService } from './indicator-targets.service';

/** The indicators context's entry point: the read model, the plan's targets and the reported figures. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly readModel: IndicatorReadModel,
    private readonly targets: IndicatorTargetsService,
    private readonly reports: IndicatorReportsService,
  ) {}

  definition(key: string): IndicatorDefinition {
    return indicatorDefinition(key);
  }

  ensureTargets(): Promise<void> {
    return this.targets.ensureTargets();
  }

  overview(year: number, asOf = beijingDate()): Promise<IndicatorOverview> {
    return this.readModel.overview(year, asOf);
  }

  figureOf(key: string, year: number, asOf = beijingDate()): Promise<IndicatorFigure> {
    return this.readModel.figureOf(key, year, asOf);
  }

  records(
    key: string,
    year: number,
    query: PageQueryDto & { chainId?: string; district?: string },
    asOf = beijingDate(),
  ) {
    return this.readModel.records(key, year, query, asOf);
  }

  series(key: string, year: number, asOf = beijingDate()) {
    return this.readModel.series(key, year, asOf);
  }

  seriesMany(keys: string[], year: number, asOf = beijingDate()) {
    return this.readModel.seriesMany(keys, year, asOf);
  }

  updateTarget(
    actor: Actor,
    key: string,
    year: number,
    input: { value: number; valueMax?: number | null; version?: number },
  ) {
    return this.targets.updateTarget(actor, key, year, input);
  }

  submitReport(actor: Actor, key: string, input: { year: number; value: number; asOf: string; evidence: string }) {
    return this.reports.submitReport(actor, key, input);
  }

  attachEvidence(actor: Actor, id: string, file: { originalname: string; mimetype: string; buffer: Buffer }) {
    return this.reports.attachEvidence(actor, id, file);
  }

  listReports(query: PageQueryDto & { status?: ReportStatus; year?: number }) {
    return this.reports.list(query);
  }

  review(actor: Actor, id: string, decision: 'approve' | 'reject', note?: string) {
    return this.reports.review(actor, id, decision, note);
  }
}
