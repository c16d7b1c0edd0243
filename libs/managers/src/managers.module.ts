import { ActivitiesModule } from '@app/activities';
import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgenciesRepository } from './agency/agencies.repository';
import { AgencyService } from './agency/agency.service';
import { AssignmentService } from './assignment/assignment.service';
import { AssignmentsRepository } from './assignment/assignments.repository';
import { ManagersDemoLoader } from './demo/managers-demo';
import { EvaluationRankingXlsxExport, EvaluationSheetXlsxExport } from './evaluation/evaluation.export';
import { EvaluationRepository } from './evaluation/evaluation.repository';
import { EvaluationService } from './evaluation/evaluation.service';
import { ServiceRatingService } from './evaluation/service-rating.service';
import { MANAGERS_ENTITIES } from './managers.entities';
import { ManagerProfileService } from './profile/manager-profile.service';
import { ManagerProfilesRepository } from './profile/manager-profiles.repository';
import { DemandListXlsxExport } from './service-log/demand-list.export';
import { DemandListService } from './service-log/demand-list.service';
import { ServiceRecordService } from './service-log/service-record.service';
import { ServiceRecordsRepository } from './service-log/service-records.repository';
import { TrainingCampService } from './training/training-camp.service';
import { TrainingCampsRepository } from './training/training-camps.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature(MANAGERS_ENTITIES),
    EventsModule,
    RegistryModule,
    FilesModule,
    MatchingModule,
    ActivitiesModule,
  ],
  providers: [
    ManagerProfilesRepository,
    ManagerProfileService,
    AgenciesRepository,
    AgencyService,
    AssignmentsRepository,
    AssignmentService,
    ServiceRecordsRepository,
    ServiceRecordService,
    DemandListService,
    DemandListXlsxExport,
    TrainingCampsRepository,
    TrainingCampService,
    EvaluationRepository,
    EvaluationService,
    ServiceRatingService,
    EvaluationRankingXlsxExport,
    EvaluationSheetXlsxExport,
    ManagersDemoLoader,
  ],
  exports: [
    ManagerProfileService,
    AgencyService,
    AssignmentService,
    ServiceRecordService,
    DemandListService,
    TrainingCampService,
    EvaluationService,
    ServiceRatingService,
    ManagersDemoLoader,
  ],
})
export class ManagersModule {}
