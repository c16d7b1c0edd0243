import { MigrationInterface, QueryRunner } from 'typeorm';

export class Matching1795752218961 implements MigrationInterface {
  name = 'Matching1795752218961';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "demand_id" uuid NOT NULL, "achievement_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'suggested', "score" real NOT NULL DEFAULT '0', "rank" integer, "explanation" jsonb NOT NULL DEFAULT '{}', "origin" text NOT NULL DEFAULT 'engine', "computed_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by_id" uuid, "contracted_at" TIMESTAMP WITH TIME ZONE, "reject_reason" text, "reject_note" text, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_8a22c7b2e0828988d51256117f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_matches_status" ON "matches" ("status", "updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_matches_achievement" ON "matches" ("achievement_id", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_matches_pair" ON "matches" ("demand_id", "achievement_id") `);
    await queryRunner.query(`ALTER TABLE "achievements" ADD "indexed_version" integer`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "chain_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "indexed_version" integer`);
    await queryRunner.query(
      `ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_demand" FOREIGN KEY ("demand_id") REFERENCES "demands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "fk_matches_achievement"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "fk_matches_demand"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "indexed_version"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "chain_required"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP COLUMN "indexed_version"`);
    await queryRunner.query(`DROP INDEX "public"."uq_matches_pair"`);
    await queryRunner.query(`DROP INDEX "public"."ix_matches_achievement"`);
    await queryRunner.query(`DROP INDEX "public"."ix_matches_status"`);
    await queryRunner.query(`DROP TABLE "matches"`);
  }
}
