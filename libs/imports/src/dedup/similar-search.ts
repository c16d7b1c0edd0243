import { SearchIndexService } from '@app/matching';
import { Injectable } from '@nestjs/common';

import { ImportKind } from '../parsing/columns';

export interface CatalogueRecordHit {
  id: string;
  title: string;
  body: string;
  keywords: string[];
}

/** Titles per multi-search request: one round trip per chunk of 100 rows. */
const PER_REQUEST = 100;
const HITS = 3;

/**
 * Candidate originals from the search engine: the published catalogue of every organisation (what a renamed
 * copy would most likely duplicate). The caller decides with the bigram cosine; the engine only proposes.
 */
@Injectable()
export class ImportSimilarSearch {
  constructor(private readonly index: SearchIndexService) {}

  async hasDocuments(kind: ImportKind): Promise<boolean> {
    return (await this.index.documentCount(kind)) > 0;
  }

  /**
   * One query per row: its keywords, else its title: its title, and its keywords or the opening of its body (a renamed copy shares no title,
   * and Meilisearch reads only the first ten words of a query).
   */
  async candidates(
    kind: ImportKind,
    rows: Array<{ key: number; title: string; body: string; keywords: string[] }>,
  ): Promise<Map<number, CatalogueRecordHit[]>> {
    const out = new Map<number, CatalogueRecordHit[]>();
    const body = kind === 'achievements' ? 'abstract' : 'description';
    for (let i = 0; i < rows.length; i += PER_REQUEST) {
      const slice = rows.slice(i, i + PER_REQUEST);
      const queries = slice.map((r) => (r.keywords.length ? r.keywords.slice(0, 8).join(' ') : r.title));
      const results = await this.index.searchMany(kind, queries, {
        limit: HITS,
        fields: ['id', 'title', body, 'keywords'],
      });
      results.forEach((found, j) => {
        const key = slice[j].key;
        const hits = out.get(key) ?? [];
        for (const h of found) {
          if (hits.some((x) => x.id === h.id)) continue;
          hits.push({
            id: String(h.id),
            title: String(h.title ?? ''),
            body: String(h[body] ?? ''),
            keywords: (h.keywords as string[]) ?? [],
          });
        }
        out.set(key, hits);
      });
    }
    return out;
  }
}
