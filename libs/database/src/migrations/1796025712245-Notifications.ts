import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications context: the inbox (one row per event key, recipient and kind — the unique index makes a replayed
 * event or a second worker a no-op), one delivery per notification and channel (e-mail), and each person's choice
 * per kind. Recipients are user ids reached through the UserDirectory port: no foreign key into another context.
 */
export class Notifications1796025712245 implements MigrationInterface {
  name = 'Notifications1796025712245';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_key" text NOT NULL, "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "link" text, "data" jsonb NOT NULL DEFAULT '{}', "entity_type" text, "entity_id" text, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_unread" ON "notifications" ("recipient_id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_recipient" ON "notifications" ("recipient_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_event_recipient_kind" ON "notifications" ("event_key", "recipient_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "channel" text NOT NULL, "address" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_id" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notification_deliveries_status" ON "notification_deliveries" ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notification_deliveries_channel" ON "notification_deliveries" ("notification_id", "channel") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "kind" text NOT NULL, "mode" text NOT NULL, "digest_hour" smallint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4beeeb46feaf58d75e124c8ba58" PRIMARY KEY ("user_id", "kind"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_deliveries_channel"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_deliveries_status"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_event_recipient_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_recipient"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_unread"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
