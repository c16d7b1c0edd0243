import { AppConfig } from '@app/config';
import { AchievementTextRow, CorpusRepository, DemandTextRow } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import defaultWeights from '../data/match-weights.json';
import { IndexKind } from '../search-index/search-documents';
import { charBigrams, CompactVector, normalise, SparseVector, TfIdfModel, words } from './text';
import { passageVectors, TermCounts, termCounts } from './text-evidence';

/** What the re-ranker needs of a candidate document, derived with this model's statistics. */
export interface DocumentFeatures {
  /** Bigram TF-IDF vector of the text, compact (see CompactVector; compared through a QueryVector). */
  bigrams: CompactVector;
  /** The same of the title alone. */
  title: CompactVector;
  /** Word TF-IDF vector (jieba content words) of the text; computed only when the word feature is weighted. */
  words?: SparseVector;
  /** Bigram TF-IDF vectors of the text's bounded windows (passage evidence); only when that feature is weighted. */
  passages?: SparseVector[];
  /** Bigram counts and length (query likelihood); only when that feature is weighted. */
  counts?: TermCounts;
  /** Normalised full text, for keyword containment. */
  text: string;
}

/** Optional per-document features, computed (and cached) only when their re-ranking feature is weighted. */
export interface FeatureNeeds {
  words?: boolean;
  passages?: boolean;
  counts?: boolean;
}

/** Term statistics of one catalogue: what makes a term distinctive there. */
export interface CorpusModel {
  kind: IndexKind;
  bigrams: TfIdfModel;
  words: TfIdfModel;
  documents: number;
  builtAt: number;
  /** Latest change of the table when the model was built (see fingerprint). */
  changed: string;
  /** Per-document features under these statistics (bounded, least recently used dropped first). */
  features: Map<string, DocumentFeatures>;
}

/**
 * Features of one candidate, cached by document id and modification time: the same achievements come back for
 * many demands, and vectorising their text is most of the re-ranking cost. At most `cacheSize` are kept
 * (MATCH_FEATURE_CACHE, AppConfig.matching.featureCacheSize). The vectors are compact (term ids and weights in
 * typed arrays, see CompactVector) so that the whole catalogue fits: a live match then vectorises only records it
 * has never seen under this model.
 */
export function documentFeatures(
  model: CorpusModel,
  key: string,
  title: string,
  text: string,
  cacheSize: number,
  needs: FeatureNeeds = {},
): DocumentFeatures {
  const cached = model.features.get(key);
  if (cached) {
    model.features.delete(key); // re-insert: Map order is the recency order
    model.features.set(key, cached);
    withNeeds(model, cached, text, needs);
    return cached;
  }
  const features: DocumentFeatures = {
    bigrams: model.bigrams.compactVector(text),
    title: model.bigrams.compactVector(title),
    text: normalise(text),
  };
  withNeeds(model, features, text, needs);
  model.features.set(key, features);
  if (model.features.size > cacheSize) model.features.delete(model.features.keys().next().value!);
  return features;
}

function withNeeds(model: CorpusModel, f: DocumentFeatures, text: string, needs: FeatureNeeds): void {
  if (needs.words) f.words ??= model.words.vector(text);
  if (needs.passages) f.passages ??= passageVectors(model.bigrams, text);
  if (needs.counts) f.counts ??= termCounts(model.bigrams, text);
}

/** The feature cache's key of a record's version: its id and its search document's `updatedAt` (epoch ms). */
export function featureKey(id: string, updatedAt: unknown): string {
  return `${id}:${String(updatedAt)}`;
}

/** The text the engine compares for an achievement and for a demand (public fields only). */
export function achievementText(a: {
  title: string;
  abstract: string;
  keywords?: string[];
  applicationScenarios?: string;
}): string {
  return [a.title, (a.keywords ?? []).join(' '), a.abstract, a.applicationScenarios ?? ''].join('\n');
}

export function demandText(d: {
  title: string;
  description: string;
  keywords?: string[];
  technicalIndicators?: string;
  expectedOutcome?: string;
}): string {
  return [
    d.title,
    (d.keywords ?? []).join(' '),
    d.description,
    d.technicalIndicators ?? '',
    d.expectedOutcome ?? '',
  ].join('\n');
}

/**
 * Document frequencies over the live catalogue, read from PostgreSQL (the source of truth) and cached per
 * process. A stale model is rebuilt in the background while the old one keeps serving.
 */
@Injectable()
export class CorpusModelService {
  private readonly logger = new Logger(CorpusModelService.name);
  private readonly models = new Map<IndexKind, CorpusModel>();
  private readonly building = new Map<IndexKind, Promise<CorpusModel>>();

  constructor(
    private readonly texts: CorpusRepository,
    private readonly config: AppConfig,
  ) {}

  private readonly checkedAt = new Map<IndexKind, number>();

  /**
   * The cached model, rebuilt when it is old or when the catalogue has grown or shrunk noticeably (any change
   * while it is small, 5% once it is large). A young model is rebuilt before answering, a large one in the
   * background while the old one keeps serving.
   */
  async get(kind: IndexKind): Promise<CorpusModel> {
    const model = this.models.get(kind);
    if (!model) return this.rebuild(kind);
    const now = Date.now();
    // Rebuilt when older than MATCH_MODEL_MAX_AGE_MS; its size compared with the catalogue's (one count query)
    // every MATCH_MODEL_CHECK_MS.
    if (now - model.builtAt > this.config.matching.modelMaxAgeMs) {
      void this.rebuild(kind).catch(() => undefined);
    } else if (now - (this.checkedAt.get(kind) ?? 0) > this.config.matching.modelCheckMs) {
      this.checkedAt.set(kind, now);
      const { count, changed } = await this.fingerprint(kind);
      const drift = Math.abs(count - model.documents);
      // A small catalogue is rebuilt on any change (a record swapped for another keeps the count, not the stamp).
      const stale = model.documents < 1000 ? changed !== model.changed || drift > 0 : drift > model.documents * 0.05;
      if (stale) {
        if (model.documents < 1000) return this.rebuild(kind);
        void this.rebuild(kind).catch(() => undefined);
      }
    }
    return model;
  }

  /** Size of the catalogue and the latest change of any row of the table (one index-backed query). */
  private fingerprint(kind: IndexKind): Promise<{ count: number; changed: string }> {
    return this.texts.fingerprint(kind);
  }

  /** Forget cached statistics (tests, after bulk imports). */
  invalidate(): void {
    this.models.clear();
  }

  rebuild(kind: IndexKind): Promise<CorpusModel> {
    const running = this.building.get(kind);
    if (running) return running;
    const build = this.build(kind).finally(() => this.building.delete(kind));
    this.building.set(kind, build);
    return build;
  }

  private async build(kind: IndexKind): Promise<CorpusModel> {
    const started = Date.now();
    const { changed } = await this.fingerprint(kind);
    // Collection frequencies only for the query-likelihood feature (they slow the build down).
    const textWeights = { ...defaultWeights.textFeatures, ...this.config.matching.textWeights };
    const bigrams = new TfIdfModel(charBigrams, (textWeights.likelihood ?? 0) > 0);
    const wordModel = new TfIdfModel(words);
    // the records' texts, kept until their features are computed under the finished statistics (below)
    const cacheSize = this.config.matching.featureCacheSize;
    const records: Array<{ key: string; title: string; text: string }> = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.texts.page(kind, after);
      if (rows.length === 0) break;
      for (const row of rows) {
        const text =
          kind === 'achievements' ? achievementText(row as AchievementTextRow) : demandText(row as DemandTextRow);
        bigrams.add(text);
        wordModel.add(text);
        if (row.updatedAt && records.length < cacheSize) {
          records.push({ key: featureKey(row.id, row.updatedAt.getTime()), title: row.title ?? '', text });
        }
      }
      after = rows[rows.length - 1].id;
      await new Promise((r) => setImmediate(r)); // let the event loop breathe between pages
    }
    const model: CorpusModel = {
      kind,
      bigrams,
      words: wordModel,
      documents: bigrams.n,
      builtAt: Date.now(),
      changed,
      features: new Map(),
    };
    // Every record's features, computed here rather than by the first matches that meet it (a live match would
    // otherwise vectorise most of its 200–300 candidates): keyed as the engine keys a search hit, so a record
    // changed since this scan is simply computed afresh from its hit.
    for (let i = 0; i < records.length; i++) {
      const { key, title, text } = records[i];
      documentFeatures(model, key, title, text, cacheSize);
      if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
    }
    this.models.set(kind, model);
    this.checkedAt.set(kind, Date.now());
    this.logger.debug(`Corpus model ${kind}: ${model.documents} documents in ${Date.now() - started} ms`);
    return model;
  }
}
