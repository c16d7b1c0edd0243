import { MigrationInterface, QueryRunner } from 'typeorm';

export class ManagersContext1796026557337 implements MigrationInterface {
  name = 'ManagersContext1796026557337';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transfer_agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organisation_id" uuid NOT NULL, "service_scope" text array NOT NULL DEFAULT '{}', "service_description" text NOT NULL DEFAULT '', "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'registered', "filing_number" text, "filing_authority" text, "filed_on" date, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" text, "version" integer NOT NULL, CONSTRAINT "PK_220fe89628dfede9f163c39a804" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_transfer_agencies_filing_number" ON "transfer_agencies" ("filing_number") WHERE filing_number IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_transfer_agencies_organisation" ON "transfer_agencies" ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "manager_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "name" text NOT NULL, "affiliation_kind" text NOT NULL, "affiliation_organisation_id" uuid, "district" text, "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "expertise" text NOT NULL DEFAULT '', "certificate_level" text, "certificate_number" text, "certificate_issued_on" date, "contact_phone" text, "contact_email" text, "status" text NOT NULL DEFAULT 'active', "deactivated_at" TIMESTAMP WITH TIME ZONE, "deactivation_reason" text, "version" integer NOT NULL, CONSTRAINT "PK_a22969378153fe67c502d709922" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_manager_profiles_affiliation" ON "manager_profiles" ("affiliation_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_manager_profiles_certificate_number" ON "manager_profiles" ("certificate_number") WHERE certificate_number IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_manager_profiles_user" ON "manager_profiles" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "manager_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "manager_profile_id" uuid NOT NULL, "kind" text NOT NULL, "organisation_id" uuid NOT NULL, "start_on" date NOT NULL, "end_on" date, "status" text NOT NULL DEFAULT 'active', "end_reason" text, "previous_assignment_id" uuid, "note" text NOT NULL DEFAULT '', "created_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_36601d6a36d75606ba535cb033a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_manager_assignments_organisation" ON "manager_assignments" ("organisation_id", "start_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_manager_assignments_open_pair" ON "manager_assignments" ("manager_profile_id", "organisation_id") WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_manager_assignments_open_enterprise" ON "manager_assignments" ("organisation_id") WHERE kind = 'enterprise' AND status = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "service_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "manager_profile_id" uuid NOT NULL, "kind" text NOT NULL, "occurred_on" date NOT NULL, "organisation_id" uuid NOT NULL, "assignment_id" uuid, "participants" text array NOT NULL DEFAULT '{}', "summary" text NOT NULL, "attachment_file_id" uuid, "attachment_filename" text, "created_by_id" uuid, "removed_at" TIMESTAMP WITH TIME ZONE, "removal_reason" text, "version" integer NOT NULL, CONSTRAINT "PK_eb60ec90c5548e73a5211c48ab9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_records_manager" ON "service_records" ("manager_profile_id", "occurred_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_service_records_organisation" ON "service_records" ("organisation_id", "occurred_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mined_needs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "service_record_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "demand_id" uuid, "linked_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_db9735b653871ec15b2e72344af" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_mined_needs_demand" ON "mined_needs" ("demand_id") `);
    await queryRunner.query(`CREATE INDEX "ix_mined_needs_organisation" ON "mined_needs" ("organisation_id") `);
    await queryRunner.query(
      `ALTER TABLE "transfer_agencies" ADD CONSTRAINT "fk_transfer_agencies_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "manager_profiles" ADD CONSTRAINT "fk_manager_profiles_affiliation_organisation" FOREIGN KEY ("affiliation_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "manager_assignments" ADD CONSTRAINT "fk_manager_assignments_manager_profile" FOREIGN KEY ("manager_profile_id") REFERENCES "manager_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "manager_assignments" ADD CONSTRAINT "fk_manager_assignments_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_records" ADD CONSTRAINT "fk_service_records_manager_profile" FOREIGN KEY ("manager_profile_id") REFERENCES "manager_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_records" ADD CONSTRAINT "fk_service_records_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mined_needs" ADD CONSTRAINT "fk_mined_needs_service_record" FOREIGN KEY ("service_record_id") REFERENCES "service_records"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mined_needs" DROP CONSTRAINT "fk_mined_needs_service_record"`);
    await queryRunner.query(`ALTER TABLE "service_records" DROP CONSTRAINT "fk_service_records_organisation"`);
    await queryRunner.query(`ALTER TABLE "service_records" DROP CONSTRAINT "fk_service_records_manager_profile"`);
    await queryRunner.query(`ALTER TABLE "manager_assignments" DROP CONSTRAINT "fk_manager_assignments_organisation"`);
    await queryRunner.query(
      `ALTER TABLE "manager_assignments" DROP CONSTRAINT "fk_manager_assignments_manager_profile"`,
    );
    await queryRunner.query(
      `ALTER TABLE "manager_profiles" DROP CONSTRAINT "fk_manager_profiles_affiliation_organisation"`,
    );
    await queryRunner.query(`ALTER TABLE "transfer_agencies" DROP CONSTRAINT "fk_transfer_agencies_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mined_needs_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mined_needs_demand"`);
    await queryRunner.query(`DROP TABLE "mined_needs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_records_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_records_manager"`);
    await queryRunner.query(`DROP TABLE "service_records"`);
    await queryRunner.query(`DROP INDEX "public"."uq_manager_assignments_open_enterprise"`);
    await queryRunner.query(`DROP INDEX "public"."uq_manager_assignments_open_pair"`);
    await queryRunner.query(`DROP INDEX "public"."ix_manager_assignments_organisation"`);
    await queryRunner.query(`DROP TABLE "manager_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_manager_profiles_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_manager_profiles_certificate_number"`);
    await queryRunner.query(`DROP INDEX "public"."ix_manager_profiles_affiliation"`);
    await queryRunner.query(`DROP TABLE "manager_profiles"`);
    await queryRunner.query(`DROP INDEX "public"."uq_transfer_agencies_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_transfer_agencies_filing_number"`);
    await queryRunner.query(`DROP TABLE "transfer_agencies"`);
  }
}
