import type { ChainRef } from '@app/registry';

import type { MatchListRow } from '../match-list/match-list.rows';

/** Pairs of one industry chain: one xlsx sheet, one section of the handout. */
export interface ChainSection {
  chainId: string | null;
  chainName: string;
  rows: MatchListRow[];
}

export const NO_CHAIN = '其他';

/**
 * Each pair goes to exactly one chain: the first of the activity's chains that the demand belongs to, else the
 * first the achievement belongs to, else (an activity without chains, or a pair outside them) the demand's own first
 * chain. Sections follow the activity's chain order, then the other chains by name, then 其他.
 */
export function sectionsByChain(
  rows: MatchListRow[],
  activityChainIds: string[],
  refs: Map<string, ChainRef>,
): ChainSection[] {
  const sections = new Map<string | null, MatchListRow[]>();
  for (const row of rows) {
    const chain =
      activityChainIds.find((id) => row.demand.industryChainIds.includes(id)) ??
      activityChainIds.find((id) => row.achievement.industryChainIds.includes(id)) ??
      row.demand.industryChainIds.find((id) => refs.has(id)) ??
      row.achievement.industryChainIds.find((id) => refs.has(id)) ??
      null;
    sections.set(chain, [...(sections.get(chain) ?? []), row]);
  }
  const name = (id: string | null) => (id ? (refs.get(id)?.name ?? NO_CHAIN) : NO_CHAIN);
  const order = (id: string | null) => {
    if (id === null) return [2, ''];
    const i = activityChainIds.indexOf(id);
    return i >= 0 ? [0, String(i).padStart(4, '0')] : [1, name(id)];
  };
  return [...sections.keys()]
    .sort((x, y) => {
      const [a1, a2] = order(x);
      const [b1, b2] = order(y);
      return (a1 as number) - (b1 as number) || String(a2).localeCompare(String(b2), 'zh-CN');
    })
    .map((chainId) => ({ chainId, chainName: name(chainId), rows: sections.get(chainId)! }));
}

/** 匹配度 as people read it: a percentage, or 人工推荐 for a pair added by hand without an engine score. */
export function scoreLabel(row: MatchListRow): string {
  if (row.origin === 'manual' && row.score === 0) return '人工推荐';
  return `${Math.round(row.score * 100)}%`;
}

export interface TableColumn {
  header: string;
  key: string;
  width?: number;
}

/**
 * Columns of the xlsx and csv exports. The contact columns exist only when the requester may see contacts
 * (canSeeMatchContacts): an organiser's file has no empty contact columns to fill in by hand. Files are handed out
 * at the event: they carry no pipeline stage (系统推荐, 精准匹配 … are the platform's internal wording) and no
 * budget (the reasons come from explainFor with `purpose: 'file'`).
 */
export function matchListColumns(options: { contacts: boolean; chain: boolean }): TableColumn[] {
  return [
    { header: '序号', key: 'position', width: 6 },
    ...(options.chain ? [{ header: '产业链', key: 'chain', width: 16 }] : []),
    { header: '需求名称', key: 'demandTitle', width: 36 },
    { header: '需求企业', key: 'demandOrganisation', width: 28 },
    { header: '成果名称', key: 'achievementTitle', width: 36 },
    { header: '成果单位', key: 'achievementOrganisation', width: 24 },
    { header: '匹配度', key: 'score', width: 10 },
    { header: '匹配理由', key: 'reason', width: 50 },
    ...(options.contacts
      ? [
          { header: '需求联系人', key: 'demandContactName', width: 12 },
          { header: '需求联系电话', key: 'demandContactPhone', width: 16 },
          { header: '需求联系邮箱', key: 'demandContactEmail', width: 24 },
          { header: '成果联系人', key: 'achievementContactName', width: 12 },
          { header: '成果联系电话', key: 'achievementContactPhone', width: 16 },
          { header: '成果联系邮箱', key: 'achievementContactEmail', width: 24 },
        ]
      : []),
    { header: '备注', key: 'note', width: 30 },
  ];
}

export function tableRow(row: MatchListRow, chainName: string): Record<string, unknown> {
  return {
    position: row.position,
    chain: chainName,
    demandTitle: row.demand.title,
    demandOrganisation: row.demand.organisationName,
    achievementTitle: row.achievement.title,
    achievementOrganisation: row.achievement.organisationName,
    score: scoreLabel(row),
    reason: row.summary,
    demandContactName: row.demandContact?.name ?? '',
    demandContactPhone: row.demandContact?.phone ?? '',
    demandContactEmail: row.demandContact?.email ?? '',
    achievementContactName: row.achievementContact?.name ?? '',
    achievementContactPhone: row.achievementContact?.phone ?? '',
    achievementContactEmail: row.achievementContact?.email ?? '',
    note: row.note,
  };
}

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** e.g. 2026年5月20日周三 09:30 (Beijing time). */
export function beijingDateTime(at: Date): string {
  return BEIJING.format(at);
}

/** YYYYMMDD in Beijing time, for file names. */
export function beijingStamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** A file name safe on every system, keeping the Chinese title. */
export function exportFilename(title: string, at: Date, ext: string): string {
  const safe = title
    .replace(/[\\/:*?"<>|\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return `对接清单-${safe}-${beijingStamp(at)}.${ext}`;
}
