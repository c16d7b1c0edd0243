import { MigrationInterface, QueryRunner } from 'typeorm';

export class ManagerEvaluation1796038237649 implements MigrationInterface {
  name = 'ManagerEvaluation1796038237649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evaluation_periods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "period_key" text NOT NULL, "start_on" date NOT NULL, "end_on" date NOT NULL, "status" text NOT NULL DEFAULT 'draft', "models" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "computed_by_id" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "published_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_156405dfe6164db09da6c2a9098" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_evaluation_periods_key" ON "evaluation_periods" ("period_key") `);
    await queryRunner.query(
      `CREATE TABLE "evaluation_results" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_id" uuid NOT NULL, "subject_kind" text NOT NULL, "subject_id" uuid NOT NULL, "subject_name" text NOT NULL, "user_id" uuid, "rank" integer NOT NULL, "total" numeric(6,2) NOT NULL, "grade" text NOT NULL, "grade_label" text NOT NULL, "criteria" jsonb NOT NULL, "facts" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c621da2265b8bed07a44a5d5fa6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_evaluation_results_subject" ON "evaluation_results" ("period_id", "subject_kind", "subject_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "manager_profile_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "record_kind" text NOT NULL, "record_id" uuid NOT NULL, "score" integer NOT NULL, "comment" text NOT NULL DEFAULT '', "rated_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_service_ratings_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_8969d63e24f8d58c96952fa1346" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_ratings_manager" ON "service_ratings" ("manager_profile_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_service_ratings_record" ON "service_ratings" ("organisation_id", "record_kind", "record_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation_results" ADD CONSTRAINT "fk_evaluation_results_period" FOREIGN KEY ("period_id") REFERENCES "evaluation_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_ratings" ADD CONSTRAINT "fk_service_ratings_manager_profile" FOREIGN KEY ("manager_profile_id") REFERENCES "manager_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "service_ratings" DROP CONSTRAINT "fk_service_ratings_manager_profile"`);
    await queryRunner.query(`ALTER TABLE "evaluation_results" DROP CONSTRAINT "fk_evaluation_results_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_service_ratings_record"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_ratings_manager"`);
    await queryRunner.query(`DROP TABLE "service_ratings"`);
    await queryRunner.query(`DROP INDEX "public"."uq_evaluation_results_subject"`);
    await queryRunner.query(`DROP TABLE "evaluation_results"`);
    await queryRunner.query(`DROP INDEX "public"."uq_evaluation_periods_key"`);
    await queryRunner.query(`DROP TABLE "evaluation_periods"`);
  }
}
