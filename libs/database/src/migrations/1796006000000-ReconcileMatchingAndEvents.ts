import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reconcilers for lost jobs: the version each row's suggestions reflect, and when each event was processed. */
export class ReconcileMatchingAndEvents1796006000000 implements MigrationInterface {
  name = 'ReconcileMatchingAndEvents1796006000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "domain_events" ADD "processed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "matched_version" integer`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "matched_version" integer`);
    // Rows and events from before this migration count as done: the reconcilers start from a clean slate instead
    // of re-running the whole history (a lag from before is fixed once with `cli rematch`).
    await queryRunner.query(
      `UPDATE "domain_events" SET "processed_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL`,
    );
    await queryRunner.query(`UPDATE "achievements" SET "matched_version" = "indexed_version"`);
    await queryRunner.query(`UPDATE "demands" SET "matched_version" = "indexed_version"`);
    await queryRunner.query(
      `CREATE INDEX "ix_domain_events_unprocessed" ON "domain_events" ("id") WHERE processed_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_domain_events_unprocessed"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "matched_version"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "matched_version"`);
    await queryRunner.query(`ALTER TABLE "domain_events" DROP COLUMN "processed_at"`);
  }
}
