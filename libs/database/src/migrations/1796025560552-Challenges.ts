import { MigrationInterface, QueryRunner } from 'typeorm';

export class Challenges1796025560552 implements MigrationInterface {
  name = 'Challenges1796025560552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "problem" text NOT NULL, "source_demand_id" uuid, "enterprise_organisation_id" uuid NOT NULL, "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "indicators" jsonb NOT NULL, "mechanism" text NOT NULL, "race_teams" smallint, "directed_institution_id" uuid, "programme_line" text NOT NULL DEFAULT 'major_transfer', "funding_total" numeric(12,2) NOT NULL, "enterprise_share" numeric(12,2) NOT NULL, "government_share" numeric(12,2) NOT NULL, "eligibility" jsonb NOT NULL, "bid_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "criteria" jsonb NOT NULL, "manager_user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'draft', "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "review_started_at" TIMESTAMP WITH TIME ZONE, "awarded_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "created_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_1e664e93171e20fe4d6125466af" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_challenges_source_demand" ON "challenges" ("source_demand_id") `);
    await queryRunner.query(`CREATE INDEX "ix_challenges_manager" ON "challenges" ("manager_user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_challenges_enterprise" ON "challenges" ("enterprise_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_challenges_status_deadline" ON "challenges" ("status", "bid_deadline") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_challenges_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenges_enterprise"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenges_manager"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenges_source_demand"`);
    await queryRunner.query(`DROP TABLE "challenges"`);
  }
}
