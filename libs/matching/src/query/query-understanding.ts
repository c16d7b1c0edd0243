import { COOPERATION_MODE_LABELS, CooperationMode, MATURITY_STAGE_LABELS, MaturityStage } from '@app/registry';

import words from '../data/query-understanding.json';

/** What a phrase in a question can stand for. */
export type UnderstoodFilterType = 'institution' | 'chain' | 'district' | 'stage' | 'cooperationMode';

/** A filter read out of the question: applied to the search and shown to the user, who may remove it. */
export interface UnderstoodFilter {
  type: UnderstoodFilterType;
  /** The search parameter that carries the same filter explicitly (chain, institution, stage, transferMode…). */
  param: string;
  /** The filter value: a chain or institution id, an enum code or a district name. */
  value: string;
  /** Chinese name of the value (产业链名称、机构名称、中试、合作开发、周市镇…). */
  label: string;
  /** The words of the question that were understood, and where they are (UTF-16 offsets). */
  span: string;
  start: number;
  end: number;
}

export interface QueryUnderstanding {
  /** The question as asked. */
  original: string;
  /** What is left to search as text once filters and question boilerplate are taken out. */
  text: string;
  filters: UnderstoodFilter[];
  /**
   * True when no record holds the remaining text along with the understood filters, so the results are those of
   * the filters alone (set by the search, not by the reading of the question).
   */
  textIgnored?: boolean;
}

interface Term {
  type: UnderstoodFilterType;
  value: string;
  label: string;
  term: string;
}

/** The reference data a question is read against, as the platform holds it at the time of the search. */
export interface QueryReference {
  chains?: Array<{ id: string; code: string; name: string }>;
  /** Aliases of chains by chain code (industry-chain-aliases.json). */
  chainAliases?: Record<string, string[]>;
  institutions?: Array<{ id: string; name: string }>;
  districts?: Array<{ name: string; aliases: string[] }>;
  /** Which kinds of filter the searched index supports, with the search parameter each feeds. */
  params: Partial<Record<UnderstoodFilterType, string>>;
}

/** Preference when two readings of the same words have the same length. */
const TYPE_ORDER: UnderstoodFilterType[] = ['institution', 'chain', 'district', 'stage', 'cooperationMode'];

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** The vocabulary of a search: every phrase the question may contain, with what it stands for. */
export class QueryVocabulary {
  private readonly terms: Term[] = [];
  private readonly boilerplate: string[];

  constructor(readonly reference: QueryReference) {
    const { params } = reference;
    const add = (type: UnderstoodFilterType, value: string, label: string, terms: Iterable<string>) => {
      if (!params[type]) return;
      for (const term of new Set(terms)) if (term.trim()) this.terms.push({ type, value, label, term: term.trim() });
    };
    for (const c of reference.chains ?? [])
      add('chain', c.id, c.name, [c.name, ...(reference.chainAliases?.[c.code] ?? [])]);
    for (const i of reference.institutions ?? []) add('institution', i.id, i.name, [i.name]);
    for (const d of reference.districts ?? []) add('district', d.name, d.name, [d.name, ...d.aliases]);
    for (const [stage, list] of Object.entries(words.maturity)) {
      add('stage', stage, MATURITY_STAGE_LABELS[stage as MaturityStage], [
        MATURITY_STAGE_LABELS[stage as MaturityStage],
        ...list,
      ]);
    }
    for (const [mode, list] of Object.entries(words.cooperationModes)) {
      add('cooperationMode', mode, COOPERATION_MODE_LABELS[mode as CooperationMode], [
        COOPERATION_MODE_LABELS[mode as CooperationMode],
        ...list,
      ]);
    }
    // Longest first, so 阶段的 goes before 的.
    this.boilerplate = [...words.boilerplate].sort((a, b) => b.length - a.length);
  }

  /**
   * Reads filters out of a question: every phrase of the vocabulary found in it, longest first where phrases
   * overlap (苏州大学 before 苏州, 新能源汽车 before 新能源), at most one filter per kind (the first in the question).
   * The rest, without question boilerplate (有哪些, 的, 成果…), is the text to search.
   */
  understand(question: string): QueryUnderstanding {
    const lower = question.toLowerCase();
    const found: Array<Term & { start: number; end: number }> = [];
    for (const t of this.terms) {
      const needle = t.term.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        // Latin abbreviations (AI, VR) only as whole words, never inside another word.
        if (ASCII_WORD.test(needle) && (/[a-z0-9]/.test(lower[at - 1] ?? '') || /[a-z0-9]/.test(lower[end] ?? ''))) {
          continue;
        }
        found.push({ ...t, start: at, end });
      }
    }
    found.sort(
      (a, b) =>
        b.end - b.start - (a.end - a.start) ||
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
        a.start - b.start ||
        a.value.localeCompare(b.value),
    );
    const taken: Array<{ start: number; end: number }> = [];
    const accepted: Array<Term & { start: number; end: number }> = [];
    for (const f of found) {
      if (taken.some((s) => f.start < s.end && s.start < f.end)) continue;
      taken.push(f);
      accepted.push(f);
    }
    accepted.sort((a, b) => a.start - b.start);
    const seen = new Set<UnderstoodFilterType>();
    const filters: UnderstoodFilter[] = [];
    for (const f of accepted) {
      // A filter holds one value: a second phrase of a kind already understood stays in the text.
      if (seen.has(f.type)) continue;
      seen.add(f.type);
      filters.push({
        type: f.type,
        param: this.reference.params[f.type]!,
        value: f.value,
        label: f.label,
        span: question.slice(f.start, f.end),
        start: f.start,
        end: f.end,
      });
    }
    // The text: the question with the understood spans taken out, then the boilerplate and punctuation.
    let rest = '';
    let at = 0;
    for (const s of filters) {
      rest += `${question.slice(at, s.start)} `;
      at = s.end;
    }
    rest += question.slice(at);
    for (const b of this.boilerplate) rest = rest.split(b).join(' ');
    const text = rest
      .replace(/[\s，。、；：？！,.;:?!（）()【】[\]“”"'‘’《》<>]+/g, ' ')
      .trim()
      .replace(/ {2,}/g, ' ');
    return { original: question, text, filters };
  }
}
