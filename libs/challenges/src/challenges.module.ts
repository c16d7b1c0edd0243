import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ChallengeFilesService } from './attachments/challenge-files.service';
import { BidRepository } from './bid/bid.repository';
import { BidService } from './bid/bid.service';
import { ChallengeRepository } from './challenge/challenge.repository';
import { ChallengeService } from './challenge/challenge.service';
import { ChallengeSearchService, ChallengeSearchSource } from './challenge/challenge-search';
import { CHALLENGES_ENTITIES } from './challenges.entities';
import { ConsortiumRepository } from './consortium/consortium.repository';
import { ConsortiumService } from './consortium/consortium.service';
import { ChallengesDemoLoader } from './demo/challenges-demo';
import { AwardExportData, AwardPdfExport, AwardXlsxExport } from './export/award-export';
import { InvitationRepository, ProposalRepository } from './invitation/invitation.repository';
import { InvitationService } from './invitation/invitation.service';
import { InvitationProposalsConsumer } from './invitation/invitation-proposals.consumer';
import { ProjectRepository } from './project/project.repository';
import { ProjectService } from './project/project.service';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';

/** 揭榜挂帅: challenge calls, invitations, bids, expert review, awards and the projects they create. */
@Module({
  imports: [TypeOrmModule.forFeature(CHALLENGES_ENTITIES), EventsModule, RegistryModule, FilesModule, MatchingModule],
  providers: [
    ChallengeRepository,
    ChallengeService,
    ChallengeSearchSource,
    ChallengeSearchService,
    BidRepository,
    BidService,
    ReviewRepository,
    ReviewService,
    ProjectRepository,
    ProjectService,
    ConsortiumRepository,
    ConsortiumService,
    InvitationRepository,
    ProposalRepository,
    InvitationService,
    InvitationProposalsConsumer,
    ChallengesDemoLoader,
    ChallengeFilesService,
    AwardExportData,
    AwardXlsxExport,
    AwardPdfExport,
  ],
  exports: [
    ChallengeFilesService,
    ChallengeService,
    ChallengeSearchService,
    BidService,
    ReviewService,
    ProjectService,
    ConsortiumService,
    InvitationService,
    ChallengesDemoLoader,
  ],
})
export class ChallengesModule {}
