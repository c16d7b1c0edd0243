import { Actor, AppError, isStaff, Role } from '@app/common';
import {
  CSV_CONTENT_TYPE,
  ExportGenerator,
  ExportKind,
  GeneratedFile,
  PDF_CONTENT_TYPE,
  toCsv,
  writeXlsx,
  XLSX_CONTENT_TYPE,
} from '@app/files';
import { IndustryChainService, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { canSeeMatchContacts } from '../activity/activity.access';
import { ACTIVITY_KIND_LABELS } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { ActivityService } from '../activity/activity.service';
import { MatchListService } from '../match-list/match-list.service';
import { renderHandout } from './handout-pdf';
import { MATCH_LIST_EXPORT_KIND, MatchListExportParams } from './match-list-formats';
import {
  beijingDateTime,
  ChainSection,
  exportFilename,
  matchListColumns,
  sectionsByChain,
  tableRow,
} from './match-list-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface MatchListDocument {
  activity: Activity;
  contacts: boolean;
  sections: ChainSection[];
  chainNames: string[];
  organiser: string | null;
  participantCount: number;
}

/**
 * What every match-list export reads, under one rule: staff and organisers may export any activity's list (they
 * read every activity); participants may not (they read their own pairs in the API). Contacts follow
 * canSeeMatchContacts — the requester's role when the job runs, re-checked by the export job.
 */
@Injectable()
export class MatchListExportSource {
  constructor(
    private readonly activities: ActivityService,
    private readonly matchList: MatchListService,
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
  ) {}

  async authorize(actor: Actor, params: MatchListExportParams): Promise<Activity> {
    if (typeof params?.activityId !== 'string' || !UUID.test(params.activityId)) {
      throw AppError.invalidField('activityId', '必须是合法的 UUID');
    }
    const activity = await this.activities.readable(actor, params.activityId);
    if (!isStaff(actor) && actor.role !== Role.Organizer) {
      throw AppError.forbidden('只有活动组织方或技术经理人可以导出对接清单');
    }
    return activity;
  }

  async load(actor: Actor, params: MatchListExportParams): Promise<MatchListDocument> {
    const activity = await this.authorize(actor, params);
    const refs = await this.chains.refs();
    const rows = await this.matchList.rows(actor, activity, 'file');
    const organiser = activity.organiserOrganisationId
      ? ((await this.registry.organisationNames([activity.organiserOrganisationId])).get(
          activity.organiserOrganisationId,
        ) ?? null)
      : null;
    return {
      activity,
      contacts: canSeeMatchContacts(actor),
      sections: sectionsByChain(rows, activity.industryChainIds, refs),
      chainNames: activity.industryChainIds.map((id) => refs.get(id)?.name).filter((n): n is string => !!n),
      organiser,
      participantCount: await this.activities.participantCount(activity.id),
    };
  }
}

function titleLine(doc: MatchListDocument): string {
  const a = doc.activity;
  const parts = [`${a.title} 对接清单`, beijingDateTime(a.scheduledAt), a.place];
  if (!doc.contacts) parts.push('不含联系方式，如需对接请联系平台技术经理人');
  return parts.join('｜');
}

/** What the three formats share: the list's source, and its access rule checked at request and in the job. */
@Injectable()
abstract class MatchListExport implements ExportGenerator<MatchListExportParams> {
  constructor(protected readonly source: MatchListExportSource) {}

  async authorize(actor: Actor, params: MatchListExportParams): Promise<void> {
    await this.source.authorize(actor, params);
  }

  abstract generate(
    params: MatchListExportParams,
    actor: Actor,
    progress: (r: number) => Promise<void>,
  ): Promise<GeneratedFile>;
}

@Injectable()
@ExportKind(MATCH_LIST_EXPORT_KIND.xlsx)
export class MatchListXlsxExport extends MatchListExport {
  /** One sheet per industry chain, the list's numbering kept across sheets. */
  async generate(params: MatchListExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const doc = await this.source.load(actor, params);
    await progress(0.3);
    const columns = matchListColumns({ contacts: doc.contacts, chain: false });
    const sheets = doc.sections.map((s) => ({
      name: s.chainName,
      title: titleLine(doc),
      columns,
      rows: s.rows.map((r) => tableRow(r, s.chainName)),
      print: { landscape: true },
    }));
    const content = await writeXlsx(
      sheets.length
        ? sheets
        : [{ name: '对接清单', title: titleLine(doc), columns, rows: [], print: { landscape: true } }],
    );
    return {
      filename: exportFilename(doc.activity.title, new Date(), 'xlsx'),
      contentType: XLSX_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}

@Injectable()
@ExportKind(MATCH_LIST_EXPORT_KIND.csv)
export class MatchListCsvExport extends MatchListExport {
  /** One table (csv has no sheets): the chain is a column. UTF-8 with BOM so Excel reads the Chinese. */
  async generate(params: MatchListExportParams, actor: Actor) {
    const doc = await this.source.load(actor, params);
    const columns = matchListColumns({ contacts: doc.contacts, chain: true });
    const rows = doc.sections
      .flatMap((s) => s.rows.map((r) => tableRow(r, s.chainName)))
      .sort((x, y) => (x.position as number) - (y.position as number));
    return {
      filename: exportFilename(doc.activity.title, new Date(), 'csv'),
      contentType: CSV_CONTENT_TYPE,
      content: toCsv(columns, rows),
    } satisfies GeneratedFile;
  }
}

@Injectable()
@ExportKind(MATCH_LIST_EXPORT_KIND.pdf)
export class MatchListPdfExport extends MatchListExport {
  /** The printable handout (A4, Noto Sans Hans embedded). */
  async generate(params: MatchListExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const doc = await this.source.load(actor, params);
    await progress(0.3);
    const a = doc.activity;
    const content = await renderHandout({
      title: a.title,
      kindLabel: ACTIVITY_KIND_LABELS[a.kind],
      when: beijingDateTime(a.scheduledAt),
      place: a.district && !a.place.includes(a.district) ? `${a.place}（${a.district}）` : a.place,
      organiser: doc.organiser,
      chainNames: doc.chainNames,
      participantCount: doc.participantCount,
      contacts: doc.contacts,
      sections: doc.sections,
      generatedAt: beijingDateTime(new Date()),
    });
    return {
      filename: exportFilename(a.title, new Date(), 'pdf'),
      contentType: PDF_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}
