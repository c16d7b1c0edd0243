import { Injectable } from '@nestjs/common';

import { QueryReferenceService } from './query-reference.service';
import { QueryUnderstanding, UnderstoodFilterType } from './query-understanding';

/** A workspace list's query: free text, understood unless `understand` is false. */
export interface UnderstandableListQuery {
  q?: string;
  understand?: boolean;
}

/**
 * Which kinds of understood filter a list supports, with the list's own query parameter each one fills
 * (the same parameter people set explicitly, so an explicit value wins).
 */
export type ListFilterParams<Q> = Partial<Record<UnderstoodFilterType, keyof Q & string>>;

/**
 * 智能搜索 on the workspace lists (成果管理, 审核队列, 我的需求, 我的成果): the question in `q` is read with the same
 * vocabulary as the public search; the filters found become the list's own filters and the rest is searched as
 * text by the list itself, so the list's visibility rules hold unchanged (filters only narrow).
 */
@Injectable()
export class ListQueryUnderstandingService {
  constructor(private readonly reference: QueryReferenceService) {}

  async list<Q extends UnderstandableListQuery, P extends { total: number }>(
    query: Q,
    params: ListFilterParams<Q>,
    list: (query: Q) => Promise<P>,
  ): Promise<P & { understood: QueryUnderstanding | null }> {
    const { understand, ...rest } = query;
    const plain = rest as Q;
    if (!query.q || understand === false) return { ...(await list(plain)), understood: null };
    const understood = (await this.reference.vocabulary(params)).understand(query.q);
    // Explicit filters win: an understood one of the same kind is neither applied nor offered.
    understood.filters = understood.filters.filter((f) => !plain[f.param as keyof Q]);
    const filtered = { ...plain } as Record<string, unknown>;
    for (const f of understood.filters) filtered[f.param] = f.value;
    filtered.q = understood.text || undefined;
    let page = await list(filtered as Q);
    // Nothing holds the remaining words along with the filters: what matches the filters is shown instead, and the
    // response says the words were left out (as the public search does).
    if (understood.filters.length > 0 && understood.text && !page.total) {
      const relaxed = await list({ ...filtered, q: undefined } as Q);
      if (relaxed.total) page = relaxed;
      understood.textIgnored = !!relaxed.total;
    }
    return { ...page, understood };
  }
}
