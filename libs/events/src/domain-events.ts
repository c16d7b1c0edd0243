/**
 * The vocabulary of the domain event log: every entity type and every event type, with the entity each event is
 * about, what its `entityVersion` means, and the shape of its `before`/`after` payload. Values are persisted in
 * `domain_events`: never rename one, add new ones instead.
 */

export const EntityType = {
  Demand: 'demand',
  Achievement: 'achievement',
  Match: 'match',
  User: 'user',
  Organisation: 'organisation',
  IndustryChain: 'industry_chain',
  Activity: 'activity',
  FollowUp: 'follow_up',
  ImportBatch: 'import_batch',
  Export: 'export',
  IndicatorTarget: 'indicator_target',
  IndicatorReport: 'indicator_report',
  ManagerProfile: 'manager_profile',
  TransferAgency: 'transfer_agency',
  ManagerAssignment: 'manager_assignment',
  ServiceRecord: 'service_record',
  MinedNeed: 'mined_need',
  TrainingCamp: 'training_camp',
  Challenge: 'challenge',
  ChallengeBid: 'challenge_bid',
  ChallengeProject: 'challenge_project',
  ChallengeInvitation: 'challenge_invitation',
  Consortium: 'consortium',
  FinancingNeed: 'financing_need',
  FinancingOffer: 'financing_offer',
  EvaluationPeriod: 'evaluation_period',
  ServiceRating: 'service_rating',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

/**
 * What an event's `entityVersion` says about its entity's row:
 * - `row`: the row changed and the event carries its new version (search sync and other mirrors key on it);
 * - `unchanged`: the row itself did not change, only data derived from it (e.g. `demand.matched` rewrote the
 *   demand's suggestions): `entityVersion` is null, and mirrors of the row have nothing to do;
 * - `unversioned`: the entity keeps no version the event could carry (users, industry chains, exports, an import
 *   batch's commit written by the worker): `entityVersion` is null.
 */
export type VersionMeaning = 'row' | 'unchanged' | 'unversioned';

interface Spec<E extends EntityType, V extends VersionMeaning> {
  entityType: E;
  version: V;
}
const spec = <E extends EntityType, V extends VersionMeaning>(entityType: E, version: V): Spec<E, V> => ({
  entityType,
  version,
});

/** Every event type: its entity type and what its version means. The registry refuses consumers of other types. */
export const DOMAIN_EVENTS = {
  'demand.created': spec('demand', 'row'),
  'demand.updated': spec('demand', 'row'),
  'demand.submitted': spec('demand', 'row'),
  'demand.returned': spec('demand', 'row'),
  'demand.published': spec('demand', 'row'),
  'demand.started': spec('demand', 'row'),
  'demand.solved': spec('demand', 'row'),
  'demand.closed': spec('demand', 'row'),
  'demand.matched': spec('demand', 'unchanged'),

  'achievement.created': spec('achievement', 'row'),
  'achievement.updated': spec('achievement', 'row'),
  'achievement.submitted': spec('achievement', 'row'),
  'achievement.recalled': spec('achievement', 'row'),
  'achievement.returned': spec('achievement', 'row'),
  'achievement.published': spec('achievement', 'row'),
  'achievement.withdrawn': spec('achievement', 'row'),
  'achievement.transferred': spec('achievement', 'row'),

  'match.created': spec('match', 'row'),
  'match.confirmed': spec('match', 'row'),
  'match.contacted': spec('match', 'row'),
  'match.negotiating': spec('match', 'row'),
  'match.contracted': spec('match', 'row'),
  'match.rejected': spec('match', 'row'),
  'match.reopened': spec('match', 'row'),
  'match.interest_recorded': spec('match', 'row'),

  'user.created': spec('user', 'unversioned'),
  'user.updated': spec('user', 'unversioned'),
  'user.password_changed': spec('user', 'unversioned'),
  'user.password_reset': spec('user', 'unversioned'),

  'organisation.created': spec('organisation', 'row'),
  'organisation.updated': spec('organisation', 'row'),

  'industry_chain.created': spec('industry_chain', 'unversioned'),
  'industry_chain.updated': spec('industry_chain', 'unversioned'),

  'activity.created': spec('activity', 'row'),
  'activity.updated': spec('activity', 'row'),
  'activity.held': spec('activity', 'row'),
  'activity.followed_up': spec('activity', 'row'),
  'activity.cancelled': spec('activity', 'row'),
  'activity.match_added': spec('activity', 'row'),
  'activity.match_removed': spec('activity', 'row'),
  'activity.match_updated': spec('activity', 'row'),
  'activity.match_list_reordered': spec('activity', 'row'),
  'activity.match_list_locked': spec('activity', 'row'),
  'activity.match_list_unlocked': spec('activity', 'row'),

  'follow_up.created': spec('follow_up', 'row'),
  'follow_up.updated': spec('follow_up', 'row'),
  'follow_up.done': spec('follow_up', 'row'),
  'follow_up.reopened': spec('follow_up', 'row'),

  'import.uploaded': spec('import_batch', 'row'),
  'import.commit_requested': spec('import_batch', 'row'),
  'import.previewed': spec('import_batch', 'unversioned'),
  'import.committed': spec('import_batch', 'unversioned'),
  'import.failed': spec('import_batch', 'unversioned'),

  'export.requested': spec('export', 'unversioned'),
  'export.completed': spec('export', 'unversioned'),
  'export.failed': spec('export', 'unversioned'),

  'indicator.target_changed': spec('indicator_target', 'row'),
  'indicator_report.submitted': spec('indicator_report', 'row'),
  'indicator_report.evidence_attached': spec('indicator_report', 'row'),
  'indicator_report.approved': spec('indicator_report', 'row'),
  'indicator_report.rejected': spec('indicator_report', 'row'),

  'manager_profile.created': spec('manager_profile', 'row'),
  'manager_profile.updated': spec('manager_profile', 'row'),
  'manager_profile.deactivated': spec('manager_profile', 'row'),
  'manager_profile.reactivated': spec('manager_profile', 'row'),

  'transfer_agency.created': spec('transfer_agency', 'row'),
  'transfer_agency.updated': spec('transfer_agency', 'row'),
  'transfer_agency.filed': spec('transfer_agency', 'row'),
  'transfer_agency.revoked': spec('transfer_agency', 'row'),

  'manager_assignment.created': spec('manager_assignment', 'row'),
  'manager_assignment.ended': spec('manager_assignment', 'row'),

  'service_record.created': spec('service_record', 'row'),
  'service_record.updated': spec('service_record', 'row'),
  'service_record.removed': spec('service_record', 'row'),

  'mined_need.linked': spec('mined_need', 'row'),
  'mined_need.unlinked': spec('mined_need', 'row'),

  'training_camp.created': spec('training_camp', 'row'),
  'training_camp.session_added': spec('training_camp', 'row'),
  'training_camp.enrolled': spec('training_camp', 'row'),
  'training_camp.attendance_recorded': spec('training_camp', 'row'),
  'training_camp.assessed': spec('training_camp', 'row'),
  'training_camp.closed': spec('training_camp', 'row'),
  'challenge.created': spec('challenge', 'row'),
  'challenge.updated': spec('challenge', 'row'),
  'challenge.published': spec('challenge', 'row'),
  'challenge.closed': spec('challenge', 'row'),
  'challenge.review_started': spec('challenge', 'row'),
  'challenge.awarded': spec('challenge', 'row'),
  'challenge.completed': spec('challenge', 'row'),
  'challenge.cancelled': spec('challenge', 'row'),
  'challenge.reviewers_assigned': spec('challenge', 'row'),
  'challenge.reviewer_excused': spec('challenge', 'row'),
  // The engine's invitation proposals for a call were (re)computed: kept beside the call, its row does not change.
  'challenge.invitations_proposed': spec('challenge', 'unchanged'),

  'challenge_invitation.sent': spec('challenge_invitation', 'row'),

  'challenge_bid.submitted': spec('challenge_bid', 'row'),
  'challenge_bid.updated': spec('challenge_bid', 'row'),
  'challenge_bid.withdrawn': spec('challenge_bid', 'row'),
  // An expert's score or declared conflict is kept beside the bid: the bid's row does not change.
  'challenge_bid.scored': spec('challenge_bid', 'unchanged'),
  'challenge_bid.conflict_declared': spec('challenge_bid', 'unchanged'),
  'challenge_bid.attachment_added': spec('challenge_bid', 'row'),

  'challenge_project.created': spec('challenge_project', 'row'),
  'challenge_project.milestone_accepted': spec('challenge_project', 'row'),
  'challenge_project.evidence_added': spec('challenge_project', 'row'),
  'challenge_project.eliminated': spec('challenge_project', 'row'),
  'challenge_project.accepted': spec('challenge_project', 'row'),
  'challenge_project.failed': spec('challenge_project', 'row'),

  'consortium.created': spec('consortium', 'row'),
  'consortium.updated': spec('consortium', 'row'),
  'consortium.dissolved': spec('consortium', 'row'),

  'financing_need.created': spec('financing_need', 'row'),
  'financing_need.published': spec('financing_need', 'row'),
  'financing_need.withdrawn': spec('financing_need', 'row'),
  'financing_need.offer_accepted': spec('financing_need', 'row'),
  'financing_need.closed': spec('financing_need', 'row'),

  'financing_offer.submitted': spec('financing_offer', 'row'),
  'financing_offer.accepted': spec('financing_offer', 'row'),
  'financing_offer.not_chosen': spec('financing_offer', 'row'),
  'evaluation_period.computed': spec('evaluation_period', 'row'),
  'evaluation_period.published': spec('evaluation_period', 'row'),
  // A rating has no version: it is written once and never changed.
  'service_rating.created': spec('service_rating', 'unversioned'),
} as const satisfies Record<string, Spec<EntityType, VersionMeaning>>;

export type EventType = keyof typeof DOMAIN_EVENTS;
export type EntityOf<K extends EventType> = (typeof DOMAIN_EVENTS)[K]['entityType'];
export type VersionOf<K extends EventType> = (typeof DOMAIN_EVENTS)[K]['version'];

/** Event types about one entity type, e.g. `EventTypeOf<'demand'>`. */
export type EventTypeOf<E extends EntityType> = { [K in EventType]: EntityOf<K> extends E ? K : never }[EventType];

export const EVENT_TYPES = Object.keys(DOMAIN_EVENTS) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(DOMAIN_EVENTS, type);
}

/** The event types about the given entity types (optionally only those whose version means `version`). */
export function eventTypesOf(entityTypes: readonly EntityType[], version?: VersionMeaning): EventType[] {
  return EVENT_TYPES.filter(
    (t) =>
      entityTypes.includes(DOMAIN_EVENTS[t].entityType) &&
      (version === undefined || DOMAIN_EVENTS[t].version === version),
  );
}

/** A snapshot or a field diff of a record (keys are entity properties); Dates are stored as ISO strings. */
export type Fields = Record<string, unknown>;

/** A workflow step: `before.status` → `after.status`, plus what the step recorded (reason, dates…). */
export interface StatusChange {
  before: { status: string };
  after: { status: string } & Fields;
}

/** A creation: no before, the new record's snapshot after. */
export interface Creation<A extends Fields = Fields> {
  before?: null;
  after: A;
}

/** An edit: the changed fields, before and after (`diffFields`). */
export interface Edit {
  before: Fields | null;
  after: Fields | null;
}

/** The `before`/`after` shape of each event type. */
export interface EventPayloads {
  'demand.created': Creation;
  'demand.updated': Edit;
  'demand.submitted': StatusChange;
  'demand.returned': StatusChange;
  'demand.published': StatusChange;
  'demand.started': StatusChange;
  'demand.solved': StatusChange;
  'demand.closed': StatusChange;
  'demand.matched': { before?: null; after: { suggestions: number; added: number; removed: number } };

  'achievement.created': Creation;
  'achievement.updated': Edit;
  'achievement.submitted': StatusChange;
  'achievement.recalled': StatusChange;
  'achievement.returned': StatusChange;
  'achievement.published': StatusChange;
  'achievement.withdrawn': StatusChange;
  'achievement.transferred': StatusChange;

  'match.created': Creation<{ demandId: string; achievementId: string; origin: string; note: string | null }>;
  'match.confirmed': StatusChange;
  'match.contacted': StatusChange;
  'match.negotiating': StatusChange;
  'match.contracted': StatusChange;
  'match.rejected': StatusChange;
  'match.reopened': StatusChange;
  'match.interest_recorded': { before: Fields; after: { interest: string | null } & Fields };

  'user.created': Creation;
  'user.updated': Edit;
  'user.password_changed': { before?: null; after: { passwordChangedAt: string } };
  'user.password_reset': { before?: null; after: { passwordChangedAt: string } };

  'organisation.created': Creation;
  'organisation.updated': Edit;

  'industry_chain.created': Creation;
  'industry_chain.updated': Edit;

  'activity.created': Creation;
  'activity.updated': Edit;
  'activity.held': StatusChange;
  'activity.followed_up': StatusChange;
  'activity.cancelled': StatusChange;
  'activity.match_added': Edit;
  'activity.match_removed': Edit;
  'activity.match_updated': Edit;
  'activity.match_list_reordered': Edit;
  'activity.match_list_locked': Edit;
  'activity.match_list_unlocked': Edit;

  'follow_up.created': Creation;
  'follow_up.updated': Edit;
  'follow_up.done': Edit;
  'follow_up.reopened': Edit;

  'import.uploaded': Creation<{ kind: string; filename: string; fileId: string; size: number } & Fields>;
  'import.commit_requested': StatusChange;
  /** The dry run finished: the uploader reviews the preview (counts only, never rows). */
  'import.previewed': StatusChange;
  'import.committed': StatusChange;
  'import.failed': StatusChange;

  'export.requested': Creation<{ kind: string; params: Fields }>;
  'export.completed': { before?: null; after: { kind: string; filename: string } };
  'export.failed': { before?: null; after: { kind: string; error: string } };

  'indicator.target_changed': { before?: Fields | null; after: { indicatorKey: string; year: number } & Fields };
  'indicator_report.submitted': Creation<{ indicatorKey: string; year: number } & Fields>;
  'indicator_report.evidence_attached': Creation<{ evidenceFileId: string } & Fields>;
  'indicator_report.approved': StatusChange;
  'indicator_report.rejected': StatusChange;

  'manager_profile.created': Creation;
  'manager_profile.updated': Edit;
  'manager_profile.deactivated': StatusChange;
  'manager_profile.reactivated': StatusChange;

  'transfer_agency.created': Creation;
  'transfer_agency.updated': Edit;
  'transfer_agency.filed': StatusChange;
  'transfer_agency.revoked': StatusChange;

  'manager_assignment.created': Creation;
  'manager_assignment.ended': Edit;

  'service_record.created': Creation;
  'service_record.updated': Edit;
  'service_record.removed': Edit;

  'mined_need.linked': Edit;
  'mined_need.unlinked': Edit;

  'training_camp.created': Creation;
  'training_camp.session_added': Edit;
  'training_camp.enrolled': Edit;
  'training_camp.attendance_recorded': Edit;
  'training_camp.assessed': Edit;
  'training_camp.closed': StatusChange;
  'challenge.created': Creation;
  'challenge.updated': Edit;
  'challenge.published': StatusChange;
  'challenge.closed': StatusChange;
  'challenge.review_started': StatusChange;
  'challenge.awarded': StatusChange;
  'challenge.completed': StatusChange;
  'challenge.cancelled': StatusChange;
  'challenge.reviewers_assigned': { before: { reviewers: string[] }; after: { reviewers: string[] } };
  'challenge.reviewer_excused': Edit;
  'challenge.invitations_proposed': { before?: null; after: { institutionIds: string[]; achievements: number } };

  'challenge_invitation.sent': Creation<{ challengeId: string; institutionId: string; source: string } & Fields>;

  'challenge_bid.submitted': Creation;
  'challenge_bid.updated': Edit;
  'challenge_bid.withdrawn': StatusChange;
  'challenge_bid.scored': { before?: Fields | null; after: { reviewerUserId: string; weightedTotal: number } & Fields };
  'challenge_bid.conflict_declared': { before?: null; after: { reviewerUserId: string; reason: string } & Fields };
  'challenge_bid.attachment_added': { before?: null; after: { fileId: string; filename: string } & Fields };

  'challenge_project.created': Creation;
  'challenge_project.milestone_accepted': Edit;
  'challenge_project.evidence_added': {
    before?: null;
    after: { fileId: string; filename: string; milestone: number } & Fields;
  };
  'challenge_project.eliminated': StatusChange;
  'challenge_project.accepted': StatusChange;
  'challenge_project.failed': StatusChange;

  'consortium.created': Creation;
  'consortium.updated': Edit;
  'consortium.dissolved': StatusChange;

  'financing_need.created': Creation;
  'financing_need.published': StatusChange;
  'financing_need.withdrawn': StatusChange;
  'financing_need.offer_accepted': StatusChange;
  'financing_need.closed': StatusChange;

  'financing_offer.submitted': Creation;
  'financing_offer.accepted': StatusChange;
  'financing_offer.not_chosen': StatusChange;
  /** A draft computed or recomputed: how many sheets, with which models. */
  'evaluation_period.computed': { before: Fields | null; after: { periodKey: string; status: string } & Fields };
  'evaluation_period.published': StatusChange;

  'service_rating.created': Creation<
    { managerProfileId: string; recordKind: string; recordId: string; score: number } & Fields
  >;
}

/** The version an event of type K carries: a number for row changes, none otherwise. */
type VersionField<K extends EventType> =
  VersionOf<K> extends 'row' ? { entityVersion: number } : { entityVersion?: null };

/** What `EventsService.record` takes for an event of type K. */
export type RecordEventInput<K extends EventType = EventType> = K extends EventType
  ? {
      type: K;
      entityType: EntityOf<K>;
      entityId: string;
      before?: EventPayloads[K]['before'] | null;
      after?: EventPayloads[K]['after'] | null;
    } & VersionField<K>
  : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: every event type has a payload shape, and no payload shape is for an unknown type. */
const _payloadForEveryEvent: Same<keyof EventPayloads, EventType> = true;
