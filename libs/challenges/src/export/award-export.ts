import { Actor, AppError, ErrorCode, isStaff } from '@app/common';
import {
  ExportGenerator,
  ExportKind,
  GeneratedFile,
  PDF_CONTENT_TYPE,
  writeXlsx,
  XLSX_CONTENT_TYPE,
  XlsxColumn,
} from '@app/files';
import { Injectable } from '@nestjs/common';

import { BidService } from '../bid/bid.service';
import { BidStatus, CHALLENGE_STATUS_LABELS, ChallengeStatus } from '../challenge/challenge.domain';
import { ChallengeService, ChallengeView } from '../challenge/challenge.service';
import { ReviewService } from '../review/review.service';
import { renderAwardNotice } from './award-notice-pdf';

export const AWARD_XLSX_EXPORT_KIND = 'challenges.award.xlsx';
export const AWARD_PDF_EXPORT_KIND = 'challenges.award.pdf';

export interface AwardExportParams {
  challengeId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AWARDED_STATUSES = [ChallengeStatus.Awarded, ChallengeStatus.Completed];

const round2 = (n: number) => Math.round(n * 100) / 100;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const beijingDay = (d: Date | string | null) =>
  d ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(d)) : '';
const safe = (name: string) => name.replace(/[\\/:*?"<>|]/g, '_');

/**
 * Who may export a call's award (staff and the call's enterprise; anyone else 404, as they cannot see the bids), and
 * only once it is awarded (409). Shared by both kinds; checked at request time and again in the job.
 */
@Injectable()
export class AwardExportData {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly reviews: ReviewService,
    private readonly bids: BidService,
  ) {}

  async authorize(actor: Actor, params: AwardExportParams): Promise<ChallengeView> {
    if (typeof params?.challengeId !== 'string' || !UUID.test(params.challengeId)) {
      throw AppError.invalidField('challengeId', '必须是合法的 UUID');
    }
    const call = await this.challenges.get(actor, params.challengeId);
    if (!isStaff(actor) && actor.organisationId !== call.enterpriseOrganisationId) {
      throw AppError.notFound('榜单', params.challengeId);
    }
    if (!AWARDED_STATUSES.includes(call.status)) {
      throw AppError.conflict(
        ErrorCode.ILLEGAL_TRANSITION,
        `榜单处于“${CHALLENGE_STATUS_LABELS[call.status]}”状态，定榜后才能导出定榜结果`,
        { status: call.status },
      );
    }
    return call;
  }

  async load(actor: Actor, params: AwardExportParams) {
    const call = await this.authorize(actor, params);
    const review = await this.reviews.review(actor, call.id);
    const bids = await this.bids.list(actor, call.id);
    const rows = (review.bids ?? []).map((b) => ({ ...b, bid: bids.find((x) => x.id === b.bidId)! }));
    return { call, review, rows };
  }
}

/** xlsx of the call's bids: per-criterion weighted means, total, spread, rank and the award (staff and enterprise). */
@Injectable()
@ExportKind(AWARD_XLSX_EXPORT_KIND)
export class AwardXlsxExport implements ExportGenerator<AwardExportParams> {
  constructor(private readonly data: AwardExportData) {}

  async authorize(actor: Actor, params: AwardExportParams): Promise<void> {
    await this.data.authorize(actor, params);
  }

  async generate(params: AwardExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const { call, review, rows } = await this.data.load(actor, params);
    await progress(0.5);
    const criteriaColumns: XlsxColumn[] = call.criteria.map((c, i) => ({
      header: `${c.name}（权重 ${c.weight}%）`,
      key: `c${i}`,
      align: 'center' as const,
    }));
    const columns: XlsxColumn[] = [
      { header: '排名', key: 'rank', align: 'center' },
      { header: '揭榜单位（牵头）', key: 'bidder' },
      { header: '联合体', key: 'consortium' },
      { header: '申请经费（万元）', key: 'funding', align: 'center' },
      ...criteriaColumns,
      { header: '加权总分（专家均值）', key: 'mean', align: 'center' },
      { header: '最低分', key: 'min', align: 'center' },
      { header: '最高分', key: 'max', align: 'center' },
      { header: '离散度（极差）', key: 'spread', align: 'center' },
      { header: '有效评分数', key: 'scores', align: 'center' },
      { header: '定榜结果', key: 'award', align: 'center' },
    ];
    const sorted = [...rows].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    const content = await writeXlsx([
      {
        name: '评分汇总',
        title:
          `${call.title}（${call.mechanismLabel}）评审结果：各指标为专家均分 × 权重，合计即加权总分；` +
          `评审专家 ${review.panel?.filter((p) => !p.excused).length ?? 0} 位，导出日期 ${today()}`,
        columns,
        rows: sorted.map((r) => ({
          rank: r.rank ?? '—',
          bidder: r.bidderName ?? '',
          consortium: r.bid?.consortiumName ?? '',
          funding: r.bid?.requestedFunding ?? '',
          ...Object.fromEntries(
            r.criteria.map((c, i) => [`c${i}`, c.mean === null ? '—' : round2((c.mean * c.weight) / 100)]),
          ),
          mean: r.mean ?? '—',
          min: r.min ?? '—',
          max: r.max ?? '—',
          spread: r.spread ?? '—',
          scores: `${r.scoreCount}/${r.expected}`,
          award: r.status === BidStatus.Awarded ? '入选' : '未入选',
        })),
        print: { landscape: true },
      },
    ]);
    return {
      filename: `${safe(call.title)}-评审结果-${today()}.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}

/** The public 定榜公告 (PDF, Chinese): winners with rank and aggregate score; no amounts, no expert names or scores. */
@Injectable()
@ExportKind(AWARD_PDF_EXPORT_KIND)
export class AwardPdfExport implements ExportGenerator<AwardExportParams> {
  constructor(private readonly data: AwardExportData) {}

  async authorize(actor: Actor, params: AwardExportParams): Promise<void> {
    await this.data.authorize(actor, params);
  }

  async generate(params: AwardExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const { call, review, rows } = await this.data.load(actor, params);
    await progress(0.5);
    const winners = rows
      .filter((r) => r.status === BidStatus.Awarded)
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
      .map((r) => ({
        rank: r.rank,
        bidderName: r.bidderName ?? '',
        consortiumName: r.bid?.consortiumName ?? null,
        mean: r.mean,
      }));
    const content = await renderAwardNotice({
      title: call.title,
      mechanismLabel: call.mechanismLabel,
      programmeLineLabel: call.programmeLineLabel,
      enterpriseName: call.enterpriseName ?? '',
      awardedOn: beijingDay(call.awardedAt),
      experts: review.panel?.filter((p) => !p.excused).length ?? 0,
      bids: rows.length,
      winners,
      generatedAt: today(),
    });
    return {
      filename: `${safe(call.title)}-定榜公告.pdf`,
      contentType: PDF_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}
