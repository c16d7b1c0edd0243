import { Init1795750430590 } from './1795750430590-Init';
import { Matching1795752218961 } from './1795752218961-Matching';
import { Files1795763321560 } from './1795763321560-Files';
import { Indicators1795763802946 } from './1795763802946-Indicators';
import { Activities1795764860340 } from './1795764860340-Activities';
import { Imports1795764982769 } from './1795764982769-Imports';
import { CandidateBigrams1795770000000 } from './1795770000000-CandidateBigrams';
import { ConsoleWorkspaces1796004303752 } from './1796004303752-ConsoleWorkspaces';
import { MatchContractAmountAndMode1796004543745 } from './1796004543745-MatchContractAmountAndMode';
import { ReconcileMatchingAndEvents1796006000000 } from './1796006000000-ReconcileMatchingAndEvents';
import { CandidateBigramsCollateC1796016158842 } from './1796016158842-CandidateBigramsCollateC';
import { ActivityListLockAndOutcome1796025454111 } from './1796025454111-ActivityListLockAndOutcome';
import { Challenges1796025560552 } from './1796025560552-Challenges';
import { Notifications1796025712245 } from './1796025712245-Notifications';
import { ChallengeBids1796026086474 } from './1796026086474-ChallengeBids';
import { ManagersContext1796026557337 } from './1796026557337-ManagersContext';
import { ChallengeReviewsAndProjects1796026803767 } from './1796026803767-ChallengeReviewsAndProjects';
import { ManagerIndicatorFacts1796026985508 } from './1796026985508-ManagerIndicatorFacts';
import { InnovationConsortia1796028689365 } from './1796028689365-InnovationConsortia';
import { TrainingCamps1796029358690 } from './1796029358690-TrainingCamps';
import { ChallengeReviewExpertsAttachments1796030400000 } from './1796030400000-ChallengeReviewExpertsAttachments';
import { ChallengeInvitationsAndSearch1796031000000 } from './1796031000000-ChallengeInvitationsAndSearch';
import { ManagerEvaluation1796038237649 } from './1796038237649-ManagerEvaluation';
import { FinancingNeedsAndOffers1796038329941 } from './1796038329941-FinancingNeedsAndOffers';
import { ConsortiumAgreement1796040000000 } from './1796040000000-ConsortiumAgreement';
import { CandidateBigramsImpactOrder1796041000000 } from './1796041000000-CandidateBigramsImpactOrder';
import { AchievementLastReturn1796042000000 } from './1796042000000-AchievementLastReturn';
import { TemporaryPassword1796043000000 } from './1796043000000-TemporaryPassword';

/** Every migration, in order. Listed explicitly so that ts (tests, cli) and compiled js load the same set. */
export const MIGRATIONS = [
  Init1795750430590,
  Matching1795752218961,
  Files1795763321560,
  Indicators1795763802946,
  Activities1795764860340,
  Imports1795764982769,
  CandidateBigrams1795770000000,
  ConsoleWorkspaces1796004303752,
  MatchContractAmountAndMode1796004543745,
  ReconcileMatchingAndEvents1796006000000,
  CandidateBigramsCollateC1796016158842,
  ActivityListLockAndOutcome1796025454111,
  Challenges1796025560552,
  Notifications1796025712245,
  ChallengeBids1796026086474,
  ManagersContext1796026557337,
  ChallengeReviewsAndProjects1796026803767,
  ManagerIndicatorFacts1796026985508,
  InnovationConsortia1796028689365,
  TrainingCamps1796029358690,
  ChallengeReviewExpertsAttachments1796030400000,
  ChallengeInvitationsAndSearch1796031000000,
  ManagerEvaluation1796038237649,
  FinancingNeedsAndOffers1796038329941,
  ConsortiumAgreement1796040000000,
  CandidateBigramsImpactOrder1796041000000,
  AchievementLastReturn1796042000000,
  TemporaryPassword1796043000000,
];
