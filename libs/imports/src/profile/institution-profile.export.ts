import { Actor, AppError, ErrorCode, Role } from '@app/common';
import { ExportGenerator, ExportKind, GeneratedFile, writeXlsx, XLSX_CONTENT_TYPE } from '@app/files';
import {
  ACHIEVEMENT_STATUS_LABELS,
  COOPERATION_MODE_LABELS,
  IndustryChainService,
  MATURITY_STAGE_LABELS,
  OrganisationKind,
  OrganisationService,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { ImportRowRepository } from '../batch/import.repositories';
import { IMPORT_STATUS_LABELS } from '../batch/import-batch.entity';
import { IP_STATUS_LABELS, IP_TYPE_LABELS, KIND_LABELS } from '../parsing/columns';
import { describeEvents, InstitutionProfileService } from './institution-profile.service';

export const INSTITUTION_PROFILE_EXPORT = 'institution.profile.xlsx';

export interface InstitutionProfileParams {
  organisationId: string;
}

const ROLE_LABELS: Record<string, string> = {
  [Role.Admin]: '管理员',
  [Role.Manager]: '技术经理人',
  [Role.Enterprise]: '企业用户',
  [Role.University]: '高校院所用户',
  [Role.Organizer]: '活动组织者',
  system: '系统',
};

const date = (d: Date | string | null | undefined) =>
  d ? new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
/** A calendar date (a contract's date) in Beijing time, YYYY-MM-DD. */
const day = (d: Date | string | null | undefined) =>
  d ? new Date(d).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '';

/**
 * 一校一档: one workbook per university — profile, achievements, 精准匹配 and contracts, activities, contacts, import
 * history, recent activity. The pairs are read as the requester may see them: a university's file never carries an
 * enterprise's budget.
 */
@Injectable()
@ExportKind(INSTITUTION_PROFILE_EXPORT)
export class InstitutionProfileExport implements ExportGenerator<InstitutionProfileParams> {
  constructor(
    private readonly profiles: InstitutionProfileService,
    private readonly importRows: ImportRowRepository,
    private readonly organisations: OrganisationService,
    private readonly chains: IndustryChainService,
  ) {}

  async authorize(actor: Actor, params: InstitutionProfileParams): Promise<void> {
    const org = await this.organisations.find(params.organisationId);
    const staffOrMember =
      actor.role === Role.Admin || actor.role === Role.Manager || actor.organisationId === params.organisationId;
    if (!org || !staffOrMember) throw AppError.notFound('机构', params.organisationId);
    if (org.kind !== OrganisationKind.University) {
      throw AppError.badRequest(ErrorCode.INVALID_ORGANISATION, '一校一档仅适用于高校院所', [
        { field: 'id', reason: '不是高校院所' },
      ]);
    }
  }

  async generate(
    params: InstitutionProfileParams,
    actor: Actor,
    progress: (ratio: number) => Promise<void>,
  ): Promise<GeneratedFile> {
    const profile = await this.profiles.profile(actor, params.organisationId);
    const org = profile.organisation;
    const chains = await this.chains.refs();
    await progress(0.3);
    const batches = await this.profiles.importBatches(org.id);
    // A batch may hold rows of several institutions (a manager's file): the profile counts this one's rows.
    const ownCounts = await this.importRows.countsOf(
      batches.map((b) => b.id),
      org.id,
    );
    const activity = await this.profiles.workbookActivity(
      org.id,
      profile.achievements.map((a) => a.id),
      batches.map((b) => b.id),
    );
    const titles = new Map<string, string>(profile.achievements.map((a) => [a.id, a.title]));
    const files = new Map<string, string>(batches.map((b) => [b.id, b.filename]));
    await progress(0.6);
    const byStatus = Object.entries(profile.stats.byStatus)
      .map(([s, n]) => `${ACHIEVEMENT_STATUS_LABELS[s as keyof typeof ACHIEVEMENT_STATUS_LABELS] ?? s} ${n} 项`)
      .join('，');
    const content = await writeXlsx([
      {
        name: '单位概况',
        title: `一校一档：${org.name}`,
        columns: [
          { header: '项目', key: 'k', width: 16 },
          { header: '内容', key: 'v', width: 80 },
        ],
        rows: [
          ['单位名称', org.name],
          ['所在区镇', org.district ?? ''],
          ['地址', org.address ?? ''],
          ['网站', org.website ?? ''],
          ['简介', org.intro],
          ['联系人', org.contactName ?? ''],
          ['联系电话', org.contactPhone ?? ''],
          ['联系邮箱', org.contactEmail ?? ''],
          ['成果总数', `${profile.stats.achievements} 项${byStatus ? `（${byStatus}）` : ''}`],
          ['精准匹配', `${profile.stats.matches} 对`],
          ['签约', `${profile.stats.contracts} 项`],
          ['参与活动', `${profile.stats.activities} 场`],
          ['导入批次', `${batches.length} 批`],
          ['导出时间', date(new Date())],
        ].map(([k, v]) => ({ k, v })),
      },
      {
        name: '科技成果',
        columns: [
          { header: '成果名称', key: 'title' },
          { header: '状态', key: 'status' },
          { header: '所属产业链', key: 'chains' },
          { header: '技术成熟度TRL', key: 'trl' },
          { header: '成熟阶段', key: 'stage' },
          { header: '知识产权类型', key: 'ipType' },
          { header: '知识产权状态', key: 'ipStatus' },
          { header: '专利号', key: 'patents' },
          { header: '转化方式', key: 'modes' },
          { header: '参考价格(万元)', key: 'price' },
          { header: '团队', key: 'team' },
          { header: '联系人', key: 'contactName' },
          { header: '联系电话', key: 'contactPhone' },
          { header: '联系邮箱', key: 'contactEmail' },
          { header: '来源', key: 'source' },
          { header: '登记时间', key: 'createdAt' },
          { header: '发布时间', key: 'publishedAt' },
        ],
        rows: profile.achievements.map((a) => ({
          title: a.title,
          status: ACHIEVEMENT_STATUS_LABELS[a.status],
          chains: a.industryChainIds.map((id) => chains.get(id)?.name ?? id).join('；'),
          trl: a.trl ?? '',
          stage: a.stage ? MATURITY_STAGE_LABELS[a.stage] : '',
          ipType: a.ipType ? IP_TYPE_LABELS[a.ipType] : '',
          ipStatus: a.ipStatus ? IP_STATUS_LABELS[a.ipStatus] : '',
          patents: a.patentNumbers.join('；'),
          modes: a.transferModes.map((m) => COOPERATION_MODE_LABELS[m]).join('；'),
          price: a.askingPrice ?? '面议',
          team: a.team,
          contactName: a.contactName ?? '',
          contactPhone: a.contactPhone ?? '',
          contactEmail: a.contactEmail ?? '',
          source: a.sourceFile ? `导入：${a.sourceFile} 第 ${a.sourceRow} 行` : '平台登记',
          createdAt: date(a.createdAt),
          publishedAt: date(a.publishedAt),
        })),
      },
      {
        name: '精准匹配',
        columns: [
          { header: '本单位成果', key: 'achievement', width: 36 },
          { header: '企业需求', key: 'demand', width: 36 },
          { header: '需求企业', key: 'enterprise', width: 28 },
          { header: '对接阶段', key: 'status' },
          { header: '匹配度', key: 'score' },
          { header: '确认时间', key: 'confirmedAt' },
          { header: '签约日期', key: 'contractedAt' },
        ],
        rows: profile.matches.map((m) => ({
          achievement: m.achievementTitle,
          demand: m.demandTitle,
          enterprise: m.enterpriseName ?? '',
          status: m.statusLabel,
          score: Math.round(m.score * 100) / 100,
          confirmedAt: date(m.confirmedAt),
          contractedAt: day(m.contractedAt),
        })),
      },
      {
        name: '签约',
        columns: [
          { header: '本单位成果', key: 'achievement', width: 36 },
          { header: '企业需求', key: 'demand', width: 36 },
          { header: '需求企业', key: 'enterprise', width: 28 },
          { header: '签约日期', key: 'contractedAt' },
          { header: '合作方式', key: 'mode' },
          { header: '合同金额(万元)', key: 'amount' },
        ],
        rows: profile.contracts.map((m) => ({
          achievement: m.achievementTitle,
          demand: m.demandTitle,
          enterprise: m.enterpriseName ?? '',
          contractedAt: day(m.contractedAt),
          mode: m.contractModeLabel ?? '',
          amount: m.contractAmount ?? '未披露',
        })),
      },
      {
        name: '产学研活动',
        columns: [
          { header: '活动名称', key: 'title', width: 40 },
          { header: '类型', key: 'kind' },
          { header: '状态', key: 'status' },
          { header: '计划时间', key: 'scheduledAt' },
          { header: '举办时间', key: 'heldAt' },
          { header: '地点', key: 'place', width: 30 },
          { header: '组织单位', key: 'organiser', width: 28 },
          { header: '本单位到场', key: 'attended' },
        ],
        rows: profile.activities.map((a) => ({
          title: a.title,
          kind: a.kindLabel,
          status: a.statusLabel,
          scheduledAt: date(a.scheduledAt),
          heldAt: date(a.heldAt),
          place: a.place,
          organiser: a.organiserName ?? '',
          attended: a.heldAt ? (a.attended ? '是' : '否') : '',
        })),
      },
      {
        name: '联系人',
        columns: [
          { header: '姓名', key: 'name' },
          { header: '邮箱', key: 'email' },
          { header: '电话', key: 'phone' },
          { header: '角色', key: 'role' },
        ],
        rows: [
          ...(org.contactName
            ? [
                {
                  name: org.contactName,
                  email: org.contactEmail ?? '',
                  phone: org.contactPhone ?? '',
                  role: '单位联系人',
                },
              ]
            : []),
          ...profile.contacts.map((c) => ({
            name: c.name,
            email: c.email,
            phone: c.phone ?? '',
            role: ROLE_LABELS[c.role] ?? c.role,
          })),
        ],
      },
      {
        name: '导入记录',
        columns: [
          { header: '上传时间', key: 'createdAt' },
          { header: '文件名', key: 'filename' },
          { header: '类型', key: 'kind' },
          { header: '状态', key: 'status' },
          { header: '总行数', key: 'total' },
          { header: '新增', key: 'new' },
          { header: '更新', key: 'updated' },
          { header: '无变化', key: 'unchanged' },
          { header: '疑似重复', key: 'duplicate' },
          { header: '有误', key: 'invalid' },
          { header: '已写入', key: 'applied' },
          { header: '确认导入时间', key: 'committedAt' },
          { header: '错误', key: 'error' },
        ],
        rows: batches
          .map((b) => ({ ...b, counts: ownCounts.get(b.id)! }))
          .map((b) => ({
            createdAt: date(b.createdAt),
            filename: b.filename,
            kind: KIND_LABELS[b.kind],
            status: IMPORT_STATUS_LABELS[b.status],
            total: b.counts.total,
            new: b.counts.new,
            updated: b.counts.updated,
            unchanged: b.counts.unchanged,
            duplicate: b.counts.duplicateSuspect,
            invalid: b.counts.invalid,
            applied: b.counts.applied,
            committedAt: date(b.committedAt),
            error: b.error ?? '',
          })),
      },
      {
        name: '近期动态',
        columns: [
          { header: '时间', key: 'at' },
          { header: '事项', key: 'what' },
          { header: '对象', key: 'object' },
        ],
        rows: describeEvents(activity, { organisation: org.name, achievements: titles, files }).map((e) => ({
          at: date(e.occurredAt),
          what: e.label,
          object: e.object,
        })),
      },
    ]);
    await progress(1);
    return { filename: `一校一档-${org.name}-${day(new Date())}.xlsx`, contentType: XLSX_CONTENT_TYPE, content };
  }
}
