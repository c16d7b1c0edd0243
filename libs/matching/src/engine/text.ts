import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

import domainDictionary from '../data/dictionary.json';
import stopWordList from '../data/stop-words.json';

const ALNUM = /[a-z0-9]/;

/** NFKC folds full-width letters and digits (Ｌｅｄ → led) so both spellings meet. */
export function normalise(text: string): string {
  return (text || '').normalize('NFKC').toLowerCase();
}

/**
 * Character bigrams over CJK runs (a lone CJK character stays a unigram) and ASCII words as whole tokens.
 * Bigrams need no dictionary, so they also catch domain terms jieba splits wrongly (e.g. new material names).
 */
export function charBigrams(text: string): string[] {
  // Scanned by UTF-16 code unit (the same classes as CJK and ALNUM; a surrogate half is neither, as an astral
  // character is neither): re-ranking splits every uncached candidate, and the regex test per character was most
  // of that time.
  const s = normalise(text);
  const out: string[] = [];
  let run = -1; // start of the current CJK run
  let word = -1; // start of the current ASCII word
  const flushRun = (end: number) => {
    if (run < 0) return;
    if (end - run === 1) out.push(s[run]);
    for (let i = run; i + 1 < end; i++) out.push(s[i] + s[i + 1]);
    run = -1;
  };
  const flushWord = (end: number) => {
    if (word >= 0) out.push(s.slice(word, end));
    word = -1;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
      flushWord(i);
      if (run < 0) run = i;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      flushRun(i);
      if (word < 0) word = i;
    } else {
      flushRun(i);
      flushWord(i);
    }
  }
  flushRun(s.length);
  flushWord(s.length);
  return out;
}

let jieba: Jieba | undefined;
/** jieba with its shipped dictionary plus the platform's domain terms (the same list Meilisearch gets). */
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(domainDictionary.map((w) => `${w.replace(/\s+/g, '')} 2000 n`).join('\n')));
  }
  return jieba;
}

/** Function words and posting boilerplate (公司, 需求, 技术…): they say nothing about what is needed. */
const STOP = new Set<string>([
  ...stopWordList,
  ...'了 与 及 或 由 中 上 下 本 之 也 都 而 并 但 就 又 可 能 会 要 有 无 不 没有 我 你 他 它 我公司 本项目 需求 采用 现在 如果 因此 所以 由于 同时 使用 利用 包括 具体 方式 一定 相应 非常 比较 更 很 最 较 非'.split(
    ' ',
  ),
]);

const keep = (w: string) =>
  !STOP.has(w) && /[\u3400-\u9fffa-z0-9]/.test(w) && (w.length > 1 || ALNUM.test(w)) && !/^[0-9.]+$/.test(w);

/** Content words only (nouns, verbs, idioms, foreign words…): what a keyword of a technical posting is made of. */
const CONTENT_POS = /^(n|nz|nt|ns|nr|vn|v|eng|l|i|j|an|x)/;

/**
 * jieba content words: stop words, punctuation and function words removed, single CJK characters dropped
 * (ASCII tokens like 5g or led kept).
 */
export function words(text: string): string[] {
  return segmenter()
    .tag(normalise(text), true)
    .filter((t) => CONTENT_POS.test(t.tag) && keep(t.word))
    .map((t) => t.word);
}

export type SparseVector = Map<string, number>;

export function cosine(a: SparseVector, b: SparseVector): number {
  if (a.size > b.size) [a, b] = [b, a];
  let sum = 0;
  for (const [k, w] of a) {
    const x = b.get(k);
    if (x) sum += w * x;
  }
  return sum;
}

/**
 * A document's TF-IDF vector in compact form (what the feature cache keeps for every candidate of a catalogue):
 * term ids of its model (`TfIdfModel.termId`) in the order the terms first occur, and their weights — the same
 * numbers, in the same order, as the Map `TfIdfModel.vector` returns, in 16 bytes per term instead of a Map entry
 * and a string. `cosine` of a query against it gives the very same sum, added in the same order.
 */
export interface CompactVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * A query vector prepared for cosines against many compact vectors of one model: its Map (the summation order
 * when it is the smaller side) and its weights by term id (when the document is the smaller side).
 */
export class QueryVector {
  private readonly byId: Float64Array;
  private readonly order: Array<[number, number]> = [];
  readonly size: number;

  constructor(
    readonly vector: SparseVector,
    private readonly model: TfIdfModel,
  ) {
    this.size = vector.size;
    this.byId = new Float64Array(model.terms + vector.size);
    for (const [term, w] of vector) {
      // an id for every query term: a document vectorised after this query may bring the term
      const id = model.termId(term);
      this.order.push([id, w]);
      if (id < this.byId.length) this.byId[id] = w;
    }
  }

  /**
   * Σ query weight × document weight over shared terms, added in the order of the smaller side (the query's on a
   * tie), exactly as `cosine(query Map, document Map)` adds them.
   */
  cosine(doc: CompactVector): number {
    const { ids, weights } = doc;
    let sum = 0;
    if (this.size > ids.length) {
      const byId = this.byId;
      for (let i = 0; i < ids.length; i++) {
        const x = ids[i] < byId.length ? byId[ids[i]] : 0;
        if (x) sum += weights[i] * x;
      }
      return sum;
    }
    const scratch = this.model.scratch();
    for (let i = 0; i < ids.length; i++) scratch[ids[i]] = weights[i];
    for (const [id, w] of this.order) {
      const x = scratch[id];
      if (x) sum += w * x;
    }
    for (let i = 0; i < ids.length; i++) scratch[ids[i]] = 0;
    return sum;
  }
}

/**
 * TF-IDF over one tokenizer with document frequencies from a corpus (the platform's own catalogue, read from
 * PostgreSQL): sublinear term frequency, smoothed ln(N/df), L2-normalised vectors.
 */
export class TfIdfModel {
  readonly df = new Map<string, number>();
  /** Collection frequency: occurrences of each term over all documents (for language-model scoring). */
  readonly cf = new Map<string, number>();
  /** Tokens over all documents. */
  tokens = 0;
  n = 0;
  /** Term ids for compact vectors: every term of a compact or query vector, numbered as first seen. */
  private readonly ids = new Map<string, number>();
  /** Zeroed working space by term id (QueryVector.cosine leaves it zeroed). */
  private space = new Float64Array(0);

  /** How many terms have an id. */
  get terms(): number {
    return this.ids.size;
  }

  /** The term's id, given when first asked. */
  termId(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }

  /** @internal Zeroed working space indexed by term id (any id given out so far). */
  scratch(): Float64Array {
    if (this.space.length < this.ids.size) this.space = new Float64Array(this.ids.size * 2);
    return this.space;
  }

  /**
   * `vector(text)` in compact form: the same weights, computed the same way, in the same order (see
   * CompactVector).
   */
  compactVector(text: string): CompactVector {
    const tf = this.termFrequencies(text);
    const ids = new Int32Array(tf.size);
    const weights = new Float64Array(tf.size);
    let n = 0;
    let norm = 0;
    for (const [token, count] of tf) {
      const w = (1 + Math.log(count)) * this.idf(token) * 1;
      if (w <= 0) continue;
      ids[n] = this.termId(token);
      weights[n++] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) weights[i] = weights[i] / norm;
    return n === tf.size ? { ids, weights } : { ids: ids.slice(0, n), weights: weights.slice(0, n) };
  }

  /**
   * `collectionFrequencies`: also count `cf` and `tokens` (language-model scoring only; it about doubles the time
   * to build the statistics, so it is off unless that feature is weighted).
   */
  constructor(
    readonly tokenize: (text: string) => string[],
    readonly collectionFrequencies = false,
  ) {}

  add(text: string): void {
    this.n++;
    const tokens = this.tokenize(text);
    if (this.collectionFrequencies) {
      this.tokens += tokens.length;
      for (const token of tokens) this.cf.set(token, (this.cf.get(token) ?? 0) + 1);
    }
    for (const token of new Set(tokens)) this.df.set(token, (this.df.get(token) ?? 0) + 1);
  }

  /** A term's share of all tokens of the collection (0 for a term it has never seen, or without `cf`). */
  collectionProbability(token: string): number {
    return this.tokens ? (this.cf.get(token) ?? 0) / this.tokens : 0;
  }

  /** Mean document length in tokens (0 without `cf`). */
  get meanLength(): number {
    return this.n ? this.tokens / this.n : 0;
  }

  /** Smoothed idf (ln((1+N)/(1+df)) + 1): never zero, so a young catalogue of a few records still ranks. */
  idf(token: string): number {
    return Math.log((1 + this.n) / (1 + (this.df.get(token) ?? 0))) + 1;
  }

  termFrequencies(text: string): Map<string, number> {
    const tf = new Map<string, number>();
    for (const token of this.tokenize(text)) tf.set(token, (tf.get(token) ?? 0) + 1);
    return tf;
  }

  /** idf as a share of the largest possible idf (a term no document has): 1 = unseen, → 0 = everywhere. */
  idfShare(token: string): number {
    return this.idf(token) / (Math.log(1 + this.n) + 1);
  }

  /** L2-normalised TF-IDF vector; `scale` multiplies each term's weight (e.g. a second corpus's idf share). */
  vector(text: string, scale?: (token: string) => number): SparseVector {
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [token, count] of this.termFrequencies(text)) {
      const w = (1 + Math.log(count)) * this.idf(token) * (scale ? scale(token) : 1);
      if (w <= 0) continue;
      v.set(token, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, w] of v) v.set(k, w / norm);
    return v;
  }

  /** The k most distinctive terms of a text (tf × corpus idf), best first. */
  keywords(text: string, k: number): Array<{ term: string; weight: number }> {
    return [...this.termFrequencies(text)]
      .map(([term, count]) => ({ term, weight: (1 + Math.log(count)) * this.idf(term) }))
      .filter((t) => t.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
      .slice(0, k);
  }
}
