import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';

import { ActivityMatchItem } from './activity-match-item.entity';

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

  /** The list's items in the organiser's order. */
  listed(tx: EntityManager, activityId: string): Promise<ActivityMatchItem[]> {
    return tx.getRepository(ActivityMatchItem).find({
      where: { activityId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }
}
