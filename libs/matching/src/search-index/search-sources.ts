import { Injectable } from '@nestjs/common';

import { IndexKind } from './search-documents';

/** Record kinds another context makes searchable through this machinery (documents built by that context). */
export type SourceKind = 'challenges';
/** Every Meilisearch index the platform keeps: the matched catalogue and the other contexts' public records. */
export type SearchKind = IndexKind | SourceKind;

export const SOURCE_KINDS: SourceKind[] = ['challenges'];

export function isSourceKind(kind: SearchKind): kind is SourceKind {
  return (SOURCE_KINDS as string[]).includes(kind);
}

/**
 * How another context feeds one index: it builds each document from its own public view of the record (one
 * visibility rule per record kind) and keeps the `indexed_version` bookkeeping of its own table; the index
 * machinery does the rest — sync jobs per row version, the reconciler and `cli reindex`.
 */
export interface SearchSource {
  kind: SourceKind;
  /** The rows' current versions, each with its document when the public may find it (else null: removed). */
  documents(ids: string[]): Promise<Array<{ id: string; version: number; doc: Record<string, unknown> | null }>>;
  /** Ids of the searchable rows in id order after `after` (rebuilds). */
  searchableIdsAfter(after: string, limit: number): Promise<string[]>;
  countSearchable(): Promise<number>;
  /** Records that these rows' documents reflect these versions (`indexed_version` on the source's own table). */
  markIndexed(marks: Array<[string, number]>): Promise<void>;
  /** After a rebuild: every row not edited since it started is indexed at its version. */
  markIndexedUnchangedSince(started: Date): Promise<void>;
  /** Rows whose index state lags their version, oldest change first. */
  indexLagging(limit: number): Promise<Array<{ id: string; version: number }>>;
}

/** The sources registered by their contexts at module init. */
@Injectable()
export class SearchSourceRegistry {
  private readonly sources = new Map<SourceKind, SearchSource>();

  register(source: SearchSource): void {
    if (this.sources.has(source.kind)) throw new Error(`Search source "${source.kind}" registered twice`);
    this.sources.set(source.kind, source);
  }

  get(kind: SourceKind): SearchSource {
    const source = this.sources.get(kind);
    if (!source) throw new Error(`No search source registered for "${kind}"`);
    return source;
  }

  has(kind: SourceKind): boolean {
    return this.sources.has(kind);
  }
}
