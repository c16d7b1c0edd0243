import { Actor, isStaff } from '@app/common';
import { explainFor, MATCH_STATUS_LABELS, MatchExplanation, MatchStatus, mayReadBudget } from '@app/matching';

import { canManageActivity, canSeeMatchContacts, readsAllActivities } from '../activity/activity.access';
import { Activity } from '../activity/activity.entity';

export interface PartySide {
  id: string;
  title: string;
  /** The record's own status: a pair may stay on a list after its demand closed or its achievement was withdrawn. */
  status: string;
  organisationId: string;
  organisationName: string;
  industryChainIds: string[];
}

export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

/** One pair of an activity's match list as people read it (views, xlsx, csv, pdf). */
export interface MatchListRow {
  itemId: string;
  position: number;
  note: string;
  addedById: string | null;
  createdAt: Date;
  matchId: string;
  matchStatus: MatchStatus;
  matchStatusLabel: string;
  origin: 'engine' | 'manual';
  /** Engine score in [0, 1]; 0 for pairs added by hand. */
  score: number;
  summary: string;
  matchedTerms: string[];
  demand: PartySide;
  achievement: PartySide;
  /** Present only when the reader may see contacts (canSeeMatchContacts); otherwise the keys are absent. */
  demandContact?: Contact;
  achievementContact?: Contact;
}

/** One list item joined with its match, both records and their organisations (MatchListItemsRepository.listRows). */
export interface MatchListRawRow {
  item_id: string;
  position: number;
  note: string;
  added_by_id: string | null;
  created_at: Date;
  match_id: string;
  status: MatchStatus;
  origin: 'engine' | 'manual';
  score: number;
  explanation: MatchExplanation | null;
  demand_id: string;
  demand_title: string;
  demand_status: string;
  demand_org_id: string;
  demand_org_name: string;
  demand_chains: string[];
  demand_contact_name: string | null;
  demand_contact_phone: string | null;
  demand_contact_email: string | null;
  achievement_id: string;
  achievement_title: string;
  achievement_status: string;
  achievement_org_id: string;
  achievement_org_name: string;
  achievement_chains: string[];
  achievement_contact_name: string | null;
  achievement_contact_phone: string | null;
  achievement_contact_email: string | null;
}

/**
 * The list in the organiser's order, shaped for the given reader: contacts only under the contact rule, and a
 * participant (enterprise, university) sees only the pairs its organisation is a party to. A record's own contact
 * falls back to its organisation's contact when empty. How the demand's budget shaped a pair's score is shown
 * only to staff and the demand's enterprise (explainFor), and never in a file (`purpose: 'file'`): exports and
 * handouts are passed on beyond their requester.
 */
export function shapeMatchListRows(
  raw: MatchListRawRow[],
  actor: Actor,
  activity: Activity,
  purpose: 'view' | 'file' = 'view',
): MatchListRow[] {
  const everything = isStaff(actor) || readsAllActivities(actor) || canManageActivity(actor, activity);
  const contacts = canSeeMatchContacts(actor);
  return raw
    .filter(
      (r) =>
        everything ||
        (actor.organisationId !== null &&
          (r.demand_org_id === actor.organisationId || r.achievement_org_id === actor.organisationId)),
    )
    .map((r) => {
      const shown = explainFor(
        mayReadBudget(purpose === 'file' ? null : actor, r.demand_org_id),
        Number(r.score),
        r.explanation,
      );
      const row: MatchListRow = {
        itemId: r.item_id,
        position: r.position,
        note: r.note,
        addedById: r.added_by_id,
        createdAt: r.created_at,
        matchId: r.match_id,
        matchStatus: r.status,
        matchStatusLabel: MATCH_STATUS_LABELS[r.status],
        origin: r.origin,
        score: shown.score,
        summary: shown.explanation.summary ?? '',
        matchedTerms: shown.explanation.matchedTerms ?? [],
        demand: {
          id: r.demand_id,
          title: r.demand_title,
          status: r.demand_status,
          organisationId: r.demand_org_id,
          organisationName: r.demand_org_name,
          industryChainIds: r.demand_chains,
        },
        achievement: {
          id: r.achievement_id,
          title: r.achievement_title,
          status: r.achievement_status,
          organisationId: r.achievement_org_id,
          organisationName: r.achievement_org_name,
          industryChainIds: r.achievement_chains,
        },
      };
      if (contacts) {
        row.demandContact = {
          name: r.demand_contact_name,
          phone: r.demand_contact_phone,
          email: r.demand_contact_email,
        };
        row.achievementContact = {
          name: r.achievement_contact_name,
          phone: r.achievement_contact_phone,
          email: r.achievement_contact_email,
        };
      }
      return row;
    });
}
