import { MigrationInterface, QueryRunner } from 'typeorm';

export class Activities1795764860340 implements MigrationInterface {
  name = 'Activities1795764860340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "activities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "title" text NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place" text NOT NULL, "district" text, "organiser_organisation_id" uuid, "organiser_user_id" uuid, "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'planned', "held_at" TIMESTAMP WITH TIME ZONE, "attendance" integer, "followed_up_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "notes" text NOT NULL DEFAULT '', "version" integer NOT NULL, CONSTRAINT "PK_7f4004429f731ffb9c88eb486a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_activities_organiser_user" ON "activities" ("organiser_user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_activities_held_at" ON "activities" ("held_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_activities_status_scheduled" ON "activities" ("status", "scheduled_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activity_participants" ("activity_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" text NOT NULL, "attended" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_activity_participants" PRIMARY KEY ("activity_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_activity_participants_organisation" ON "activity_participants" ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "match_follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "match_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "contacted" boolean NOT NULL DEFAULT false, "contacted_at" TIMESTAMP WITH TIME ZONE, "next_step" text NOT NULL DEFAULT '', "due_date" date, "status" text NOT NULL DEFAULT 'open', "done_at" TIMESTAMP WITH TIME ZONE, "note" text NOT NULL DEFAULT '', "updated_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_0fab9a00f9b0dd31ebde4d4cc30" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_match_follow_ups_due" ON "match_follow_ups" ("status", "due_date") `);
    await queryRunner.query(`CREATE INDEX "ix_match_follow_ups_match" ON "match_follow_ups" ("match_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_match_follow_ups_activity_match" ON "match_follow_ups" ("activity_id", "match_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activity_match_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "activity_id" uuid NOT NULL, "match_id" uuid NOT NULL, "position" integer NOT NULL, "note" text NOT NULL DEFAULT '', "added_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca3f6a43b2c07b85cd625a4996a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_activity_match_items_match" ON "activity_match_items" ("match_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_activity_match_items_position" ON "activity_match_items" ("activity_id", "position") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_activity_match_items_pair" ON "activity_match_items" ("activity_id", "match_id") `,
    );
    await queryRunner.query(`ALTER TABLE "matches" ADD "pinned" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_organiser_organisation" FOREIGN KEY ("organiser_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_participants" ADD CONSTRAINT "fk_activity_participants_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_participants" ADD CONSTRAINT "fk_activity_participants_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_follow_ups" ADD CONSTRAINT "fk_match_follow_ups_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_follow_ups" ADD CONSTRAINT "fk_match_follow_ups_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_match_items" ADD CONSTRAINT "fk_activity_match_items_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_match_items" ADD CONSTRAINT "fk_activity_match_items_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity_match_items" DROP CONSTRAINT "fk_activity_match_items_match"`);
    await queryRunner.query(`ALTER TABLE "activity_match_items" DROP CONSTRAINT "fk_activity_match_items_activity"`);
    await queryRunner.query(`ALTER TABLE "match_follow_ups" DROP CONSTRAINT "fk_match_follow_ups_activity"`);
    await queryRunner.query(`ALTER TABLE "match_follow_ups" DROP CONSTRAINT "fk_match_follow_ups_match"`);
    await queryRunner.query(
      `ALTER TABLE "activity_participants" DROP CONSTRAINT "fk_activity_participants_organisation"`,
    );
    await queryRunner.query(`ALTER TABLE "activity_participants" DROP CONSTRAINT "fk_activity_participants_activity"`);
    await queryRunner.query(`ALTER TABLE "activities" DROP CONSTRAINT "fk_activities_organiser_organisation"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "pinned"`);
    await queryRunner.query(`DROP INDEX "public"."uq_activity_match_items_pair"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activity_match_items_position"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activity_match_items_match"`);
    await queryRunner.query(`DROP TABLE "activity_match_items"`);
    await queryRunner.query(`DROP INDEX "public"."uq_match_follow_ups_activity_match"`);
    await queryRunner.query(`DROP INDEX "public"."ix_match_follow_ups_match"`);
    await queryRunner.query(`DROP INDEX "public"."ix_match_follow_ups_due"`);
    await queryRunner.query(`DROP TABLE "match_follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activity_participants_organisation"`);
    await queryRunner.query(`DROP TABLE "activity_participants"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activities_status_scheduled"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activities_held_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_activities_organiser_user"`);
    await queryRunner.query(`DROP TABLE "activities"`);
  }
}
