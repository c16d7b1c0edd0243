import { registerErrorTranslator } from '@app/common';
import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Meilisearch } from 'meilisearch';

import { MeiliHttp } from './meili-http';
import { translateSearchError } from './search-errors';

export interface SearchHealth {
  status: 'up' | 'down';
  mode: string;
  /** `hybrid`: keyword + semantic vectors from the configured embedding service; `keyword`: full text only. */
  search: 'hybrid' | 'keyword';
  /** The embedding model, in hybrid mode. */
  embeddingModel?: string;
  version?: string;
  detail?: string;
}

/** The Meilisearch client of the platform; index names carry MEILI_INDEX_PREFIX so environments never collide. */
@Injectable()
export class SearchService implements OnApplicationShutdown {
  readonly client: Meilisearch;
  /** Keep-alive client for latency-critical searches. */
  readonly fast: MeiliHttp;

  constructor(readonly config: AppConfig) {
    this.client = new Meilisearch({
      host: config.meiliUrl ?? 'http://127.0.0.1:7700',
      apiKey: config.meiliMasterKey,
      timeout: 10000,
    });
    this.fast = new MeiliHttp(config.meiliUrl ?? 'http://127.0.0.1:7700', config.meiliMasterKey);
    registerErrorTranslator(translateSearchError);
  }

  onApplicationShutdown(): void {
    this.fast.close();
  }

  indexName(base: string): string {
    return `${this.config.meiliIndexPrefix}${base}`;
  }

  async health(): Promise<SearchHealth> {
    const mode = this.config.meiliMode;
    const embedding = this.config.embedding;
    const semantic = embedding
      ? { search: 'hybrid' as const, embeddingModel: embedding.model }
      : { search: 'keyword' as const };
    try {
      const health = await this.client.health();
      const version = await this.client.getVersion();
      return { status: health.status === 'available' ? 'up' : 'down', mode, ...semantic, version: version.pkgVersion };
    } catch (err) {
      return { status: 'down', mode, ...semantic, detail: (err as Error).message };
    }
  }
}
