import { createHash } from 'node:crypto';

import type { EmbeddingSettings } from '@app/config';
import type { RestEmbedder } from 'meilisearch';

import { IndexKind } from './search-documents';

/** Prefix of the embedders this platform manages (one per index; the name carries the configuration's fingerprint). */
export const EMBEDDER_PREFIX = 'sem_';

/**
 * The text embedded per document (Liquid, rendered by Meilisearch): title, keywords and the body that says what it
 * is about. Public fields only, as everything in the index.
 */
export const DEFAULT_DOCUMENT_TEMPLATES: Record<IndexKind, string> = {
  achievements:
    '{{doc.title}}。关键词：{{doc.keywords | join: "、"}}。{{doc.applicationScenarios}}。{{doc.abstract | truncatewords: 300}}',
  demands:
    '{{doc.title}}。关键词：{{doc.keywords | join: "、"}}。{{doc.technicalIndicators}}。{{doc.description | truncatewords: 300}}',
};

export interface EmbedderSpec {
  /** `sem_` + fingerprint of everything that changes the vectors (protocol, URL, model, size, template). */
  name: string;
  config: RestEmbedder;
}

/**
 * The `rest` embedder for this index, or null in keyword mode. A change of model, endpoint, size or template gives
 * a new name: the new embedder is added next to the old one and the old one removed only once every document has
 * its new vectors (see SearchIndexService.ensureEmbedder), so searches never meet a document without vectors.
 */
export function embedderSpec(kind: IndexKind, settings: EmbeddingSettings | null): EmbedderSpec | null {
  if (!settings) return null;
  const documentTemplate = settings.documentTemplate ?? DEFAULT_DOCUMENT_TEMPLATES[kind];
  const request =
    settings.api === 'tei'
      ? { inputs: ['{{text}}', '{{..}}'] }
      : { model: settings.model, input: ['{{text}}', '{{..}}'] };
  const response =
    settings.api === 'tei' ? ['{{embedding}}', '{{..}}'] : { data: [{ embedding: '{{embedding}}' }, '{{..}}'] };
  const identity = JSON.stringify([
    settings.api,
    settings.url,
    settings.model,
    settings.dimensions ?? null,
    documentTemplate,
  ]);
  const name = `${EMBEDDER_PREFIX}${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
  return {
    name,
    config: {
      source: 'rest',
      url: settings.url,
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
      ...(settings.dimensions ? { dimensions: settings.dimensions } : {}),
      documentTemplate,
      // Chinese takes three bytes a character: the default (400 bytes) would keep little more than the title.
      documentTemplateMaxBytes: 2000,
      request,
      response,
    },
  };
}

/**
 * Which of the index's embedders searches use: the configured one as soon as the index has it (Meilisearch shows an
 * embedder in the settings only once the task that added it, embedding every document, has committed), otherwise
 * the one there is (the old one while the new one is being filled). Null when the index has none.
 */
export function activeEmbedder(present: string[], wanted: string | null): string | null {
  const ours = present.filter((n) => n.startsWith(EMBEDDER_PREFIX)).sort();
  if (wanted && ours.includes(wanted)) return wanted;
  return ours[0] ?? null;
}

/** How long a replaced embedder stays after its successor is complete: longer than any process caches the choice. */
export const EMBEDDER_RETIRE_DELAY_MS = 5000;

/** How long a process keeps its choice of embedder before reading the index's embedders again. */
export const EMBEDDER_CHOICE_TTL_MS = 2000;
