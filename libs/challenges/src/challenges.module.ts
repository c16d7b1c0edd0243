import { EventsModule } from '@app/events';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ChallengeRepository } from './challenge/challenge.repository';
import { ChallengeService } from './challenge/challenge.service';
import { CHALLENGES_ENTITIES } from './challenges.entities';

/** 揭榜挂帅: challenge calls, bids, expert review, awards and the projects they create. */
@Module({
  imports: [TypeOrmModule.forFeature(CHALLENGES_ENTITIES), EventsModule, RegistryModule],
  providers: [ChallengeRepository, ChallengeService],
  exports: [ChallengeService],
})
export class ChallengesModule {}
