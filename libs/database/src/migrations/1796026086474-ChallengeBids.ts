import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeBids1796026086474 implements MigrationInterface {
  name = 'ChallengeBids1796026086474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "challenge_bids" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "bidder_organisation_id" uuid NOT NULL, "consortium_name" text, "members" jsonb NOT NULL DEFAULT '[]', "approach" text NOT NULL, "team" jsonb NOT NULL, "milestones" jsonb NOT NULL, "requested_funding" numeric(12,2) NOT NULL, "status" text NOT NULL DEFAULT 'submitted', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by_id" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_f6a793dd964880d113c9d957a97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_challenge_bids_active" ON "challenge_bids" ("challenge_id", "bidder_organisation_id") WHERE status <> 'withdrawn'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_challenge_bids_bidder" ON "challenge_bids" ("bidder_organisation_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_challenge_bids_challenge" ON "challenge_bids" ("challenge_id", "status") `,
    );
    await queryRunner.query(
      `ALTER TABLE "challenge_bids" ADD CONSTRAINT "fk_challenge_bids_challenge" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_bids" DROP CONSTRAINT "fk_challenge_bids_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_bids_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_bids_bidder"`);
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_bids_active"`);
    await queryRunner.query(`DROP TABLE "challenge_bids"`);
  }
}
