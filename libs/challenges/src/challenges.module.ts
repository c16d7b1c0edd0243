import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ChallengeFilesService } from './attachments/challenge-files.service';
import { BidRepository } from './bid/bid.repository';
import { BidService } from './bid/bid.service';
import { ChallengeRepository } from './challenge/challenge.repository';
import { ChallengeService } from './challenge/challenge.service';
import { CHALLENGES_ENTITIES } from './challenges.entities';
import { ConsortiumRepository } from './consortium/consortium.repository';
import { ConsortiumService } from './consortium/consortium.service';
import { ChallengesDemoLoader } from './demo/challenges-demo';
import { AwardExportData, AwardPdfExport, AwardXlsxExport } from './export/award-export';
import { ProjectRepository } from './project/project.repository';
import { ProjectService } from './project/project.service';
import { ReviewRepository } from './review/review.repository';
import { ReviewService } from './review/review.service';

/** 揭榜挂帅: challenge calls, bids, expert review, awards and the projects they create. */
@Module({
  imports: [TypeOrmModule.forFeature(CHALLENGES_ENTITIES), EventsModule, RegistryModule, FilesModule],
  providers: [
    ChallengeRepository,
    ChallengeService,
    BidRepository,
    BidService,
    ReviewRepository,
    ReviewService,
    ProjectRepository,
    ProjectService,
    ConsortiumRepository,
    ConsortiumService,
    ChallengesDemoLoader,
    ChallengeFilesService,
    AwardExportData,
    AwardXlsxExport,
    AwardPdfExport,
  ],
  exports: [
    ChallengeFilesService,
    ChallengeService,
    BidService,
    ReviewService,
    ProjectService,
    ConsortiumService,
    ChallengesDemoLoader,
  ],
})
export class ChallengesModule {}
