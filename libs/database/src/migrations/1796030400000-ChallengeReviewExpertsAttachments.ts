import { MigrationInterface, QueryRunner } from 'typeorm';

/** Expert flag on users (only flagged experts review calls) and bid attachments (stored files). */
export class ChallengeReviewExpertsAttachments1796030400000 implements MigrationInterface {
  name = 'ChallengeReviewExpertsAttachments1796030400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "expert" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "challenge_bids" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_bids" DROP COLUMN "attachments"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "expert"`);
  }
}
