import unshown from '../data/unshown-terms.json';

/** How many matched keywords an explanation lists. */
export const SHOWN_TERMS = 8;

const WORDS = new Set<string>([
  ...unshown.units,
  ...unshown.timeWords,
  ...unshown.comparisonWords,
  ...unshown.requestWords,
  ...unshown.genericHeads,
]);
const ASCII_UNITS = new Set<string>(unshown.asciiUnits);
/**
 * A written or spelled-out quantity: 2, 0.5, 2万, 十, 几百, 数千, 多, 两… (零 is left out: 零件 is a part, not zero
 * pieces).
 */
const QUANTITY = /^(?:[0-9]+(?:\.[0-9]+)?|[0-9.]*[一二两三四五六七八九十百千万亿几数多半]+)$/;
const UNITS = [...unshown.units, ...unshown.timeUnits].sort((a, b) => b.length - a.length);

function isQuantityAndUnit(term: string): boolean {
  // ASCII: 220v, 5000mg, 24h, 10mm, m2, 50000m2 (a unit alone or after a number, with an optional exponent)
  const ascii = /^([0-9]+(?:\.[0-9]+)?)?([a-zμ]+)([23])?$/.exec(term);
  if (ascii) return ASCII_UNITS.has(ascii[2]);
  for (const unit of UNITS) {
    if (term.length > unit.length && term.endsWith(unit) && QUANTITY.test(term.slice(0, -unit.length))) return true;
  }
  return false;
}

/**
 * Whether a matched term is left out of an explanation (see data/unshown-terms.json): units and quantities (小时,
 * 弧秒, 2万小时, 220v), time words (目前, 近年来), comparisons (低于, 以上), the generic words of a request (需求,
 * 解决, 研发, 成本…), generic heads alone (系统, 工艺) and single ASCII letters (fragments of formulas and model numbers). Display only: ranking never reads this.
 */
export function isUnshownTerm(term: string): boolean {
  const t = term.normalize('NFKC').toLowerCase().trim();
  if (!t) return true;
  if (/^[a-z]$/.test(t) || /^[0-9.%]+$/.test(t)) return true;
  return WORDS.has(t) || isQuantityAndUnit(t);
}

/**
 * Matched keywords without fragments of longer matched ones (失控 inside 热失控 → 热失控 only), in their order:
 * a fragment adds no information next to the term it is part of and reads like a mistake.
 */
export function mergeFragments(terms: string[]): string[] {
  const unique = [...new Set(terms)];
  return unique.filter((t) => !unique.some((other) => other !== t && other.includes(t)));
}

/**
 * The matched terms an explanation lists: the uninformative ones left out first (so a unit never absorbs the term it
 * is part of, 毫米 vs 毫米波), then fragments merged into the longer terms, at most `limit`, in their order.
 */
export function shownTerms(terms: string[], limit = SHOWN_TERMS): string[] {
  return mergeFragments(terms.filter((t) => !isUnshownTerm(t))).slice(0, limit);
}
