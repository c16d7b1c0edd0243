import { charBigrams } from '@app/matching';

/**
 * Near-duplicate detection: "the same content under a different title".
 *
 * Similarity is the cosine of character-bigram count vectors of the body text (abstract / description plus
 * keywords), the title left out on purpose: a renamed record keeps its body. Threshold 0.8: on the judged dev set
 * (../shared/eval/zhibei-dev, first 2 797 achievements) a record's nearest other record has a median cosine of
 * 0.36, while re-posted copies of the same achievement score 0.99–1.0 (a quarter of that set has such a twin).
 * 0.8 leaves a wide margin above ordinary same-field neighbours and still catches copies with edited sentences.
 * Flags go to a manager; nothing is merged on this number alone.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export type BigramVector = Map<string, number>;

export function bigramVector(text: string): BigramVector {
  const v: BigramVector = new Map();
  for (const g of charBigrams(text)) v.set(g, (v.get(g) ?? 0) + 1);
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

export function cosineOf(a: BigramVector, b: BigramVector): number {
  if (a.size > b.size) [a, b] = [b, a];
  let sum = 0;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y) sum += x * y;
  }
  return sum;
}

/** FNV-1a, 32 bit: a cheap stable hash for sketches. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const SKETCH = 24;
const MIN_SHARED = 4;
/** A sketch value shared by this many bodies is boilerplate (e.g. 本成果), not evidence: stop listing it. */
const POSTING_CAP = 150;

/**
 * In-memory candidate index over bottom-k bigram sketches (k = 24): bodies whose bigram sets overlap strongly share
 * many of their smallest hashes. Candidates sharing ≥ 4 are checked with the exact cosine. Used for what the
 * search engine cannot see: drafts of the same organisations and earlier rows of the same file.
 */
export class NearDuplicateIndex<T> {
  private readonly postings = new Map<number, number[]>();
  private readonly entries: Array<{ ref: T; vector: BigramVector }> = [];
  private readonly frequent = new Set<number>();
  /** Bodies identical up to spacing and punctuation: found whatever the sketches say. */
  private readonly exact = new Map<string, number>();

  add(ref: T, vector: BigramVector): void {
    const id = this.entries.length;
    this.entries.push({ ref, vector });
    const key = exactKey(vector);
    if (!this.exact.has(key)) this.exact.set(key, id);
    for (const h of this.sketch(vector)) {
      const list = this.postings.get(h);
      if (!list) this.postings.set(h, [id]);
      else if (list.length < POSTING_CAP) list.push(id);
      else this.frequent.add(h);
    }
  }

  /** The k smallest hashes that are not boilerplate (a hash is boilerplate once its posting list is full). */
  private sketch(vector: BigramVector): number[] {
    const hashes = [...new Set([...vector.keys()].map(hash))].sort((a, b) => a - b);
    const out: number[] = [];
    for (const h of hashes) {
      if (this.frequent.has(h)) continue;
      out.push(h);
      if (out.length === SKETCH) break;
    }
    return out;
  }

  /** The most similar entry at or above the threshold, if any. */
  best(vector: BigramVector, threshold = NEAR_DUPLICATE_THRESHOLD): { ref: T; similarity: number } | null {
    const shared = new Map<number, number>();
    for (const h of this.sketch(vector)) {
      for (const id of this.postings.get(h) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    let best: { ref: T; similarity: number } | null = null;
    const same = this.exact.get(exactKey(vector));
    if (same !== undefined) return { ref: this.entries[same].ref, similarity: 1 };
    for (const [id, count] of shared) {
      if (count < MIN_SHARED) continue;
      const similarity = cosineOf(vector, this.entries[id].vector);
      if (similarity >= threshold && (!best || similarity > best.similarity)) {
        best = { ref: this.entries[id].ref, similarity };
      }
    }
    return best;
  }
}

/** The bigram multiset as a string: equal for bodies that differ only in spacing, punctuation or width. */
function exactKey(vector: BigramVector): string {
  return [...vector.entries()]
    .map(([k, x]) => `${k}:${x.toFixed(6)}`)
    .sort()
    .join('|');
}
