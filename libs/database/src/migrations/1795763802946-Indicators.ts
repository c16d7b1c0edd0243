import { MigrationInterface, QueryRunner } from 'typeorm';

export class Indicators1795763802946 implements MigrationInterface {
  name = 'Indicators1795763802946';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "indicator_facts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "indicator_key" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "title" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "year" integer NOT NULL, "chain_ids" uuid array NOT NULL DEFAULT '{}', "district" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81f7236fcebab6e37bc2a55590c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_indicator_facts_key_date" ON "indicator_facts" ("indicator_key", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_indicator_facts_subject" ON "indicator_facts" ("indicator_key", "subject_id", "year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "indicator_key" text NOT NULL, "year" integer NOT NULL, "value" numeric(14,2) NOT NULL, "value_max" numeric(14,2), "version" integer NOT NULL, CONSTRAINT "PK_9a02cd645eea6c99219c6896f5c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_indicator_targets_year" ON "indicator_targets" ("indicator_key", "year") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "indicator_key" text NOT NULL, "year" integer NOT NULL, "value" numeric(14,2) NOT NULL, "as_of" date NOT NULL, "evidence" text NOT NULL, "evidence_file_id" uuid, "status" text NOT NULL DEFAULT 'submitted', "author_id" uuid, "reviewer_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_note" text, "version" integer NOT NULL, CONSTRAINT "PK_bc6d2a33f57f2e9c8a655733b09" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_indicator_reports_key_year" ON "indicator_reports" ("indicator_key", "year", "status") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_indicator_reports_key_year"`);
    await queryRunner.query(`DROP TABLE "indicator_reports"`);
    await queryRunner.query(`DROP INDEX "public"."uq_indicator_targets_year"`);
    await queryRunner.query(`DROP TABLE "indicator_targets"`);
    await queryRunner.query(`DROP INDEX "public"."uq_indicator_facts_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_indicator_facts_key_date"`);
    await queryRunner.query(`DROP TABLE "indicator_facts"`);
  }
}
