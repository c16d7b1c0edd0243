import type { RankingParameters } from '../engine/ranking';

/**
 * The text-feature weights the ranking specs state for themselves (keyword evidence only: the weighted features of
 * match-weights.json, semantic evidence off), so a change of the data file does not silently change what they test.
 */
export const KEYWORD_TEXT_WEIGHTS: RankingParameters['textWeights'] = {
  bigram: 1,
  title: 0.5,
  coverage: 0.5,
  retrieval: 0.5,
  words: 0,
  passage: 0,
  likelihood: 0,
  phrase: 0,
  semantic: 0,
};
