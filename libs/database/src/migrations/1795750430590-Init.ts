import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795750430590 implements MigrationInterface {
  name = 'Init1795750430590';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "name" text NOT NULL, "credit_code" text, "district" text, "address" text, "website" text, "intro" text NOT NULL DEFAULT '', "contact_name" text, "contact_phone" text, "contact_email" text, "tier_flags" jsonb NOT NULL DEFAULT '[]'::jsonb, "version" integer NOT NULL, CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_organisations_credit_code" ON "organisations" ("credit_code") WHERE credit_code IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_organisations_kind_name" ON "organisations" ("kind", "name") `);
    await queryRunner.query(
      `CREATE TABLE "achievements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "abstract" text NOT NULL, "keywords" text array NOT NULL DEFAULT '{}', "institution_id" uuid NOT NULL, "team" text NOT NULL DEFAULT '', "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "trl" smallint, "stage" text, "ip_type" text, "ip_status" text, "patent_numbers" text array NOT NULL DEFAULT '{}', "transfer_modes" text array NOT NULL DEFAULT '{}', "asking_price" numeric(14,2), "application_scenarios" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'draft', "published_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "manager_id" uuid, "source_file" text, "source_row" integer, "contact_name" text, "contact_phone" text, "contact_email" text, "version" integer NOT NULL, CONSTRAINT "PK_1bc19c37c6249f70186f318d71d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_achievements_institution" ON "achievements" ("institution_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_achievements_status_created" ON "achievements" ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "demands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "description" text NOT NULL, "keywords" text array NOT NULL DEFAULT '{}', "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "kind" text NOT NULL, "expected_outcome" text NOT NULL DEFAULT '', "technical_indicators" text NOT NULL DEFAULT '', "required_trl" smallint, "required_stage" text, "cooperation_modes" text array NOT NULL DEFAULT '{}', "deadline" date, "region" text, "source" text NOT NULL DEFAULT 'online_form', "status" text NOT NULL DEFAULT 'draft', "owner_organisation_id" uuid NOT NULL, "created_by_id" uuid, "assigned_manager_id" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "budget_min" numeric(14,2), "budget_max" numeric(14,2), "contact_name" text, "contact_phone" text, "contact_email" text, "confidential_notes" text, "version" integer NOT NULL, CONSTRAINT "PK_d63565b0747a0cfc73e319bfc03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_demands_owner" ON "demands" ("owner_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_demands_status_created" ON "demands" ("status", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "industry_chains" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "sort_order" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_dba5c13b53e5480507bd4e7f859" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_industry_chains_code" ON "industry_chains" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "password_hash" text NOT NULL, "name" text NOT NULL, "phone" text, "role" text NOT NULL, "organisation_id" uuid, "active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email") `);
    await queryRunner.query(`CREATE INDEX "ix_users_organisation" ON "users" ("organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "domain_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "type" text NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid NOT NULL, "entity_version" integer, "actor_id" uuid, "actor_role" text NOT NULL, "before" jsonb, "after" jsonb, "request_id" text, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_66e0920a32dda3a89b46ee7a981" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_domain_events_undispatched" ON "domain_events" ("id") WHERE dispatched_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_domain_events_type" ON "domain_events" ("type", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_domain_events_entity" ON "domain_events" ("entity_type", "entity_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "achievements" ADD CONSTRAINT "fk_achievements_institution" FOREIGN KEY ("institution_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "demands" ADD CONSTRAINT "fk_demands_owner_organisation" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // GIN indexes for array filters (chain membership, patent-number lookups); declared synchronize:false on the entities.
    await queryRunner.query(`CREATE INDEX "ix_demands_chains" ON "demands" USING gin ("industry_chain_ids")`);
    await queryRunner.query(`CREATE INDEX "ix_achievements_chains" ON "achievements" USING gin ("industry_chain_ids")`);
    await queryRunner.query(
      `CREATE INDEX "ix_achievements_patent_numbers" ON "achievements" USING gin ("patent_numbers")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_achievements_patent_numbers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_achievements_chains"`);
    await queryRunner.query(`DROP INDEX "public"."ix_demands_chains"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP CONSTRAINT "fk_demands_owner_organisation"`);
    await queryRunner.query(`ALTER TABLE "achievements" DROP CONSTRAINT "fk_achievements_institution"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domain_events_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domain_events_type"`);
    await queryRunner.query(`DROP INDEX "public"."ix_domain_events_undispatched"`);
    await queryRunner.query(`DROP TABLE "domain_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_industry_chains_code"`);
    await queryRunner.query(`DROP TABLE "industry_chains"`);
    await queryRunner.query(`DROP INDEX "public"."ix_demands_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_demands_owner"`);
    await queryRunner.query(`DROP TABLE "demands"`);
    await queryRunner.query(`DROP INDEX "public"."ix_achievements_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_achievements_institution"`);
    await queryRunner.query(`DROP TABLE "achievements"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organisations_kind_name"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organisations_credit_code"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
  }
}
