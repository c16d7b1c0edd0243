import { MigrationInterface, QueryRunner } from 'typeorm';

export class InnovationConsortia1796028689365 implements MigrationInterface {
  name = 'InnovationConsortia1796028689365';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "innovation_consortia" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "lead_organisation_id" uuid NOT NULL, "members" jsonb NOT NULL DEFAULT '[]', "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "founded_on" date NOT NULL, "description" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'active', "dissolved_on" date, "dissolve_reason" text, "created_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_945563f50bdb8684a7624867ae1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_innovation_consortia_lead" ON "innovation_consortia" ("lead_organisation_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_innovation_consortia_name" ON "innovation_consortia" ("name") `);
    await queryRunner.query(
      `CREATE INDEX "ix_innovation_consortia_status_founded" ON "innovation_consortia" ("status", "founded_on") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_innovation_consortia_status_founded"`);
    await queryRunner.query(`DROP INDEX "public"."uq_innovation_consortia_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_innovation_consortia_lead"`);
    await queryRunner.query(`DROP TABLE "innovation_consortia"`);
  }
}
