import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsoleWorkspaces1796004303752 implements MigrationInterface {
  name = 'ConsoleWorkspaces1796004303752';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "demands" ADD "quality_score" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "quality_rules_version" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "last_return" jsonb`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "interest" text`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "interest_reason" text`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "interest_note" text`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "interest_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "interest_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_demands_status_quality" ON "demands" ("status", "quality_score") `);
    await queryRunner.query(
      `CREATE INDEX "ix_matches_interest" ON "matches" ("interest", "updated_at") WHERE interest IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_matches_interest"`);
    await queryRunner.query(`DROP INDEX "public"."ix_demands_status_quality"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "interest_by_id"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "interest_at"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "interest_note"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "interest_reason"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "interest"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "last_return"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "quality_rules_version"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "quality_score"`);
  }
}
