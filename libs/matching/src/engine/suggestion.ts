import { MatchExplanation } from '../match/match.entity';

/** One scored pair as the engine proposes it, before it is stored. */
export interface Suggestion {
  demandId: string;
  achievementId: string;
  score: number;
  explanation: MatchExplanation;
}

/** How many suggestions a demand keeps. */
export const SUGGESTIONS_PER_DEMAND = 20;
