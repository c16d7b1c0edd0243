import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeInvitationsAndSearch1796031000000 implements MigrationInterface {
  name = 'ChallengeInvitationsAndSearch1796031000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenges" ADD "indexed_version" integer`);
    await queryRunner.query(
      `CREATE TABLE "challenge_invitation_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "rank" smallint NOT NULL, "score" numeric(6,4) NOT NULL, "achievements" jsonb NOT NULL, "matched_terms" text array NOT NULL DEFAULT '{}', "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_challenge_invitation_proposals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_challenge_invitation_proposals" ON "challenge_invitation_proposals" ("challenge_id", "institution_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "challenge_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "source" text NOT NULL, "message" text, "invited_by_id" uuid, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "version" integer NOT NULL, CONSTRAINT "pk_challenge_invitations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_challenge_invitations" ON "challenge_invitations" ("challenge_id", "institution_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_challenge_invitations_institution" ON "challenge_invitations" ("institution_id", "invited_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_invitations_institution"`);
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_invitations"`);
    await queryRunner.query(`DROP TABLE "challenge_invitations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_invitation_proposals"`);
    await queryRunner.query(`DROP TABLE "challenge_invitation_proposals"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP COLUMN "indexed_version"`);
  }
}
