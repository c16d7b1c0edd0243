import { Actor, isStaff } from '@app/common';
import { AchievementStatus, CatalogueReads, PUBLIC_DEMAND_STATUSES } from '@app/registry';

import { ImportKind } from '../parsing/columns';
import { KIND_TRAITS } from './catalogue-lookup';
import { ImportRow, StoredReason } from './import-row.entity';

/** What a row says about another organisation's record its reader may not see: nothing about that record. */
export const FOREIGN_RECORD_REASON = '该专利号不能登记在本单位名下，请联系技术经理人核对';

/**
 * The records a page of rows refers to (target, conflicting record) that this reader may see, with their titles:
 * staff see every record; others the records of their own organisation and the public ones (published
 * achievements, demands in a public status). Anything else is never named, nor its id given.
 */
export async function readableRecords(
  catalogue: CatalogueReads,
  kind: ImportKind,
  actor: Actor,
  rows: ImportRow[],
): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.targetId) ids.add(r.targetId);
    for (const reason of r.reasons as StoredReason[]) if (reason.recordId) ids.add(reason.recordId);
  }
  if (!ids.size) return new Map();
  const found = await catalogue.entries(kind, [...ids]);
  const publicStatuses: string[] = kind === 'achievements' ? [AchievementStatus.Published] : PUBLIC_DEMAND_STATUSES;
  const staff = isStaff(actor);
  return new Map(
    found
      .filter((f) => staff || f.organisationId === actor.organisationId || publicStatuses.includes(f.status))
      .map((f) => [f.id, f.title]),
  );
}

/** A row's reasons as this reader reads them: a conflicting record is named only when it is readable. */
export function shownReasons(kind: ImportKind, row: ImportRow, readable: Map<string, string>) {
  return (row.reasons as StoredReason[]).map((r) => {
    if (!r.recordId) return { column: r.column, reason: r.reason };
    const title = readable.get(r.recordId);
    if (title === undefined) return { column: r.column, reason: r.reason };
    return { column: r.column, reason: `专利号已登记在其他单位的${KIND_TRAITS[kind].noun}“${title}”下，请核对` };
  });
}

/** The row's target record id, only when the reader may see that record. */
export function shownTargetId(row: ImportRow, readable: Map<string, string>): string | null {
  return row.targetId && readable.has(row.targetId) ? row.targetId : null;
}
