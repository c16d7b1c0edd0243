import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An activity's match list can be locked by its organiser before the event (final for printing), and a follow-up
 * records what the two sides concluded (outcome: cooperation_intent, further_talks, no_intent).
 */
export class ActivityListLockAndOutcome1796025454111 implements MigrationInterface {
  name = 'ActivityListLockAndOutcome1796025454111';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activities" ADD "match_list_locked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "activities" ADD "match_list_locked_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "match_follow_ups" ADD "outcome" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_follow_ups" DROP COLUMN "outcome"`);
    await queryRunner.query(`ALTER TABLE "activities" DROP COLUMN "match_list_locked_by_id"`);
    await queryRunner.query(`ALTER TABLE "activities" DROP COLUMN "match_list_locked_at"`);
  }
}
