import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrainingCamps1796029358690 implements MigrationInterface {
  name = 'TrainingCamps1796029358690';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "training_camps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "industry_chain_id" uuid NOT NULL, "description" text NOT NULL DEFAULT '', "start_on" date NOT NULL, "end_on" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_62a38d7c2cec21638e1967c1f3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_training_camps_chain" ON "training_camps" ("industry_chain_id") `);
    await queryRunner.query(
      `CREATE TABLE "training_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "camp_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "held_on" date NOT NULL, "hours" numeric(5,1) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6678399f77ed9db5176459befa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_training_sessions_camp" ON "training_sessions" ("camp_id", "held_on") `);
    await queryRunner.query(
      `CREATE TABLE "camp_enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "camp_id" uuid NOT NULL, "manager_profile_id" uuid NOT NULL, "attended_session_ids" uuid array NOT NULL DEFAULT '{}', "assessment_score" integer, "assessment_result" text, "assessment_comment" text NOT NULL DEFAULT '', "incentive" text NOT NULL DEFAULT '', "assessed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73b8d91000a185f761870ec7c42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_camp_enrolments_manager" ON "camp_enrolments" ("manager_profile_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_camp_enrolments_camp_manager" ON "camp_enrolments" ("camp_id", "manager_profile_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "training_sessions" ADD CONSTRAINT "fk_training_sessions_camp" FOREIGN KEY ("camp_id") REFERENCES "training_camps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "camp_enrolments" ADD CONSTRAINT "fk_camp_enrolments_camp" FOREIGN KEY ("camp_id") REFERENCES "training_camps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "camp_enrolments" ADD CONSTRAINT "fk_camp_enrolments_manager_profile" FOREIGN KEY ("manager_profile_id") REFERENCES "manager_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "camp_enrolments" DROP CONSTRAINT "fk_camp_enrolments_manager_profile"`);
    await queryRunner.query(`ALTER TABLE "camp_enrolments" DROP CONSTRAINT "fk_camp_enrolments_camp"`);
    await queryRunner.query(`ALTER TABLE "training_sessions" DROP CONSTRAINT "fk_training_sessions_camp"`);
    await queryRunner.query(`DROP INDEX "public"."uq_camp_enrolments_camp_manager"`);
    await queryRunner.query(`DROP INDEX "public"."ix_camp_enrolments_manager"`);
    await queryRunner.query(`DROP TABLE "camp_enrolments"`);
    await queryRunner.query(`DROP INDEX "public"."ix_training_sessions_camp"`);
    await queryRunner.query(`DROP TABLE "training_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_training_camps_chain"`);
    await queryRunner.query(`DROP TABLE "training_camps"`);
  }
}
