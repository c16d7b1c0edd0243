import { MigrationInterface, QueryRunner } from 'typeorm';

/** 退回修改 for achievements: the latest return (reason, time, who) shown to the holder institution. */
export class AchievementLastReturn1796042000000 implements MigrationInterface {
  name = 'AchievementLastReturn1796042000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievements" ADD "last_return" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "last_return"`);
  }
}
