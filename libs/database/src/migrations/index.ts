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
import { Notifications1796025712245 } from './1796025712245-Notifications';

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
  Notifications1796025712245,
];
