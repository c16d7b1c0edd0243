import { MigrationInterface, QueryRunner } from 'typeorm';

export class Files1795763321560 implements MigrationInterface {
  name = 'Files1795763321560';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "export_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'queued', "progress" real NOT NULL DEFAULT '0', "error" text, "file_id" uuid, "filename" text, "requested_by_id" uuid, "requested_by_role" text NOT NULL, "requested_by_organisation_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3044ce6f1c6af24058ee609e063" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_export_jobs_requested_by" ON "export_jobs" ("requested_by_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stored_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "filename" text NOT NULL, "content_type" text NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5d5be862bf53851c1794b4adf4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_stored_files_created_by" ON "stored_files" ("created_by_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_stored_files_created_by"`);
    await queryRunner.query(`DROP TABLE "stored_files"`);
    await queryRunner.query(`DROP INDEX "public"."ix_export_jobs_requested_by"`);
    await queryRunner.query(`DROP TABLE "export_jobs"`);
  }
}
