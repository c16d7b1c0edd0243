import { TransferAgency } from './agency/agency.entity';
import { ManagerAssignment } from './assignment/assignment.entity';
import { EvaluationPeriod, EvaluationResult, ServiceRating } from './evaluation/evaluation.entity';
import { ManagerProfile } from './profile/manager-profile.entity';
import { MinedNeed, ServiceRecord } from './service-log/service-record.entity';
import { CampEnrolment, TrainingCamp, TrainingSession } from './training/training-camp.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const MANAGERS_ENTITIES = [
  ManagerProfile,
  TransferAgency,
  ManagerAssignment,
  ServiceRecord,
  MinedNeed,
  TrainingCamp,
  TrainingSession,
  CampEnrolment,
  EvaluationPeriod,
  EvaluationResult,
  ServiceRating,
];
