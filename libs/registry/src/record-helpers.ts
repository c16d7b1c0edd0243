import { Actor, AppError, Role } from '@app/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { MaturityStage, stageForTrl } from './domain';
import { escapeLike } from './organisation/organisation.service';
import { UserDirectory } from './ports/user-directory';
import { RecordReturn } from './record-return';

const RETURN_ROLE_LABELS: Record<string, string> = {
  [Role.Admin]: '平台管理员',
  [Role.Manager]: '技术经理人',
  system: '系统',
};

/** A record's 退回修改 as its owner reads it: the reason, when, and who (name and role in Chinese). */
export async function recordReturn(
  users: UserDirectory,
  manager: EntityManager,
  actor: Actor,
  reason: string,
  at = new Date(),
): Promise<RecordReturn> {
  const author = actor.userId ? await users.findUser(actor.userId, manager) : null;
  return {
    reason,
    at: at.toISOString(),
    by: {
      userId: actor.userId,
      name: author?.name ?? RETURN_ROLE_LABELS[actor.role] ?? '平台',
      role: actor.role,
      roleLabel: RETURN_ROLE_LABELS[actor.role] ?? actor.role,
    },
  };
}

export function requiredField(field: string): AppError {
  return AppError.invalidField(field, '必填');
}

export function deriveStage(
  trl: number | null | undefined,
  stage: MaturityStage | null | undefined,
): MaturityStage | null {
  if (stage) return stage;
  return trl ? stageForTrl(trl) : null;
}

export interface ListFilterOptions {
  alias: string;
  chain?: string;
  year?: number;
  q?: string;
  textColumns: string[];
  arrayTextColumns: string[];
  /** Entity property name (TypeORM needs property paths when paginating joined queries). */
  sortColumn: string;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Filters shared by the demand and achievement listings: chain, calendar year (Beijing time), text, sort, page. */
export function applyListFilters<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, o: ListFilterOptions): void {
  const a = o.alias;
  if (o.chain) qb.andWhere(`:chain = ANY(${a}.industry_chain_ids)`, { chain: o.chain });
  if (o.year) {
    qb.andWhere(`${a}.created_at >= make_timestamptz(:yearFrom, 1, 1, 0, 0, 0, 'Asia/Shanghai')`, { yearFrom: o.year });
    qb.andWhere(`${a}.created_at < make_timestamptz(:yearTo, 1, 1, 0, 0, 0, 'Asia/Shanghai')`, { yearTo: o.year + 1 });
  }
  if (o.q) {
    const parts = [
      ...o.textColumns.map((c) => `${a}.${c} ILIKE :like ESCAPE '\\'`),
      ...o.arrayTextColumns.map((c) => `array_to_string(${a}.${c}, ' ') ILIKE :like ESCAPE '\\'`),
    ];
    qb.andWhere(`(${parts.join(' OR ')})`, { like: `%${escapeLike(o.q)}%` });
  }
  qb.orderBy(`${a}.${o.sortColumn}`, o.order === 'asc' ? 'ASC' : 'DESC', 'NULLS LAST')
    .addOrderBy(`${a}.id`, 'ASC')
    .skip((o.page - 1) * o.pageSize)
    .take(o.pageSize);
}
