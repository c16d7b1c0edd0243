import { ChallengeBid } from './bid/bid.entity';
import { Challenge } from './challenge/challenge.entity';
import { InnovationConsortium } from './consortium/consortium.entity';
import { ChallengeInvitation, ChallengeInvitationProposal } from './invitation/invitation.entities';
import { ChallengeProject } from './project/project.entity';
import { BidConflict, BidScore, ChallengeReviewer } from './review/review.entities';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const CHALLENGES_ENTITIES = [
  Challenge,
  ChallengeBid,
  ChallengeReviewer,
  BidConflict,
  BidScore,
  ChallengeProject,
  InnovationConsortium,
  ChallengeInvitationProposal,
  ChallengeInvitation,
];
