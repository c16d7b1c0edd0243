import { MigrationInterface, QueryRunner } from 'typeorm';

export class Imports1795764982769 implements MigrationInterface {
  name = 'Imports1795764982769';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'uploaded', "filename" text NOT NULL, "file_id" uuid NOT NULL, "counts" jsonb NOT NULL, "progress" real NOT NULL DEFAULT '0', "error" text, "organisation_id" uuid, "organisation_ids" uuid array NOT NULL DEFAULT '{}', "created_by_id" uuid, "created_by_role" text NOT NULL, "created_by_organisation_id" uuid, "previewed_at" TIMESTAMP WITH TIME ZONE, "committed_at" TIMESTAMP WITH TIME ZONE, "committed_by_id" uuid, "committed_by_role" text, "included_rows" integer array NOT NULL DEFAULT '{}', "version" integer NOT NULL, CONSTRAINT "PK_6162597a2576c03e04bb2c1a2dd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_import_batches_created" ON "import_batches" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "import_rows" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "batch_id" uuid NOT NULL, "row_number" integer NOT NULL, "outcome" text NOT NULL, "natural_key" text, "target_id" uuid, "similarity" real, "reasons" jsonb NOT NULL DEFAULT '[]', "data" jsonb NOT NULL, "changes" jsonb, "cells" jsonb NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE, "commit_note" text, CONSTRAINT "PK_45b442c5ced30d539ba20c3ec32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_import_rows_batch_outcome" ON "import_rows" ("batch_id", "outcome", "row_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_import_rows_batch_row" ON "import_rows" ("batch_id", "row_number") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_import_rows_batch_row"`);
    await queryRunner.query(`DROP INDEX "public"."ix_import_rows_batch_outcome"`);
    await queryRunner.query(`DROP TABLE "import_rows"`);
    await queryRunner.query(`DROP INDEX "public"."ix_import_batches_created"`);
    await queryRunner.query(`DROP TABLE "import_batches"`);
  }
}
