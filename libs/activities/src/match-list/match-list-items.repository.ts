import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';

import { ActivityMatchItem } from './activity-match-item.entity';
import { MatchListRawRow } from './match-list.rows';

/** activity_match_items: the pairs on each activity's list, in order. Write methods take the transaction. */
@Injectable()
export class MatchListItemsRepository {
  constructor(@InjectRepository(ActivityMatchItem) private readonly items: Repository<ActivityMatchItem>) {}

  get manager(): EntityManager {
    return this.items.manager;
  }

  /** Matches on an activity's list. */
  async matchIdsOn(activityId: string): Promise<string[]> {
    const rows = await this.items.find({ select: { matchId: true }, where: { activityId } });
    return rows.map((r) => r.matchId);
  }

  findOnList(tx: EntityManager, activityId: string, matchId: string): Promise<ActivityMatchItem | null> {
    return tx.getRepository(ActivityMatchItem).findOneBy({ activityId, matchId });
  }

  findItem(tx: EntityManager, activityId: string, itemId: string): Promise<ActivityMatchItem | null> {
    return tx.getRepository(ActivityMatchItem).findOneBy({ id: itemId, activityId });
  }

  /** Whether any activity's list still holds this match. */
  isListed(tx: EntityManager, matchId: string): Promise<boolean> {
    return tx.getRepository(ActivityMatchItem).existsBy({ matchId });
  }

  async nextPosition(tx: EntityManager, activityId: string): Promise<number> {
    const [{ next }]: Array<{ next: number }> = await tx.query(
      'SELECT COALESCE(max(position), 0)::int + 1 AS next FROM activity_match_items WHERE activity_id = $1',
      [activityId],
    );
    return next;
  }

  insert(tx: EntityManager, values: DeepPartial<ActivityMatchItem>): Promise<ActivityMatchItem> {
    return tx.save(ActivityMatchItem, tx.create(ActivityMatchItem, values));
  }

  /** Removes an item and closes the gap it leaves in the order. */
  async remove(tx: EntityManager, item: ActivityMatchItem): Promise<void> {
    await tx.delete(ActivityMatchItem, { id: item.id });
    await tx.query('UPDATE activity_match_items SET position = position - 1 WHERE activity_id = $1 AND position > $2', [
      item.activityId,
      item.position,
    ]);
  }

  async setNote(tx: EntityManager, id: string, note: string): Promise<void> {
    await tx.update(ActivityMatchItem, { id }, { note });
  }

  async orderedIds(tx: EntityManager, activityId: string): Promise<string[]> {
    const rows = await tx.getRepository(ActivityMatchItem).find({
      select: { id: true },
      where: { activityId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => r.id);
  }

  /** Positions 1..n in the order of `ids`. */
  async writeOrder(tx: EntityManager, activityId: string, ids: string[]): Promise<void> {
    await tx.query(
      `UPDATE activity_match_items i SET position = o.ord
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
        WHERE i.id = o.id AND i.activity_id = $1`,
      [activityId, ids],
    );
  }

  /**
   * The list in the organiser's order, each item with its match, both records, their organisations and contacts
   * (a record's own contact, else its organisation's). The list's read model: it reads the matching and registry
   * tables alongside until those contexts offer a batch read of pairs with parties and contacts.
   */
  listRows(tx: EntityManager, activityId: string): Promise<MatchListRawRow[]> {
    return tx.query(
      `SELECT i.id AS item_id, i.position, i.note, i.added_by_id, i.created_at,
            m.id AS match_id, m.status, m.origin, m.score, m.explanation,
            d.id AS demand_id, d.title AS demand_title, d.status AS demand_status, dorg.id AS demand_org_id, dorg.name AS demand_org_name,
            d.industry_chain_ids AS demand_chains,
            COALESCE(d.contact_name, dorg.contact_name) AS demand_contact_name,
            COALESCE(d.contact_phone, dorg.contact_phone) AS demand_contact_phone,
            COALESCE(d.contact_email, dorg.contact_email) AS demand_contact_email,
            a.id AS achievement_id, a.title AS achievement_title, a.status AS achievement_status, aorg.id AS achievement_org_id,
            aorg.name AS achievement_org_name, a.industry_chain_ids AS achievement_chains,
            COALESCE(a.contact_name, aorg.contact_name) AS achievement_contact_name,
            COALESCE(a.contact_phone, aorg.contact_phone) AS achievement_contact_phone,
            COALESCE(a.contact_email, aorg.contact_email) AS achievement_contact_email
       FROM activity_match_items i
       JOIN matches m ON m.id = i.match_id
       JOIN demands d ON d.id = m.demand_id
       JOIN organisations dorg ON dorg.id = d.owner_organisation_id
       JOIN achievements a ON a.id = m.achievement_id
       JOIN organisations aorg ON aorg.id = a.institution_id
      WHERE i.activity_id = $1
      ORDER BY i.position, i.created_at, i.id`,
      [activityId],
    );
  }
}
