import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeReviewsAndProjects1796026803767 implements MigrationInterface {
  name = 'ChallengeReviewsAndProjects1796026803767';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "challenge_projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "bid_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "member_organisation_ids" uuid array NOT NULL DEFAULT '{}', "title" text NOT NULL, "programme_line" text NOT NULL, "funding" numeric(12,2) NOT NULL, "awarded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "milestones" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'running', "acceptance" jsonb, "elimination_reason" text, "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_40af06019c0aa85f070618ea746" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_challenge_projects_bid" ON "challenge_projects" ("bid_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_challenge_projects_line_awarded" ON "challenge_projects" ("programme_line", "awarded_at") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_challenge_projects_challenge" ON "challenge_projects" ("challenge_id") `);
    await queryRunner.query(
      `CREATE TABLE "challenge_reviewers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "user_id" uuid NOT NULL, "organisation_id" uuid, "assigned_by_id" uuid, "excused_at" TIMESTAMP WITH TIME ZONE, "excused_by_id" uuid, "excuse_reason" text, CONSTRAINT "PK_22f1e5a589cdfd748451b5a6e37" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_challenge_reviewers_user" ON "challenge_reviewers" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_challenge_reviewers_user" ON "challenge_reviewers" ("challenge_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "challenge_bid_conflicts" ("bid_id" uuid NOT NULL, "user_id" uuid NOT NULL, "challenge_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_challenge_bid_conflicts" PRIMARY KEY ("bid_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_challenge_bid_conflicts_challenge" ON "challenge_bid_conflicts" ("challenge_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "challenge_bid_scores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "challenge_id" uuid NOT NULL, "bid_id" uuid NOT NULL, "reviewer_user_id" uuid NOT NULL, "scores" jsonb NOT NULL, "comment" text NOT NULL DEFAULT '', "weighted_total" numeric(6,2) NOT NULL, CONSTRAINT "PK_ea0e7c3440e67216d8c06c22027" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_challenge_bid_scores_challenge" ON "challenge_bid_scores" ("challenge_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_challenge_bid_scores_reviewer" ON "challenge_bid_scores" ("bid_id", "reviewer_user_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_bid_scores_reviewer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_bid_scores_challenge"`);
    await queryRunner.query(`DROP TABLE "challenge_bid_scores"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_bid_conflicts_challenge"`);
    await queryRunner.query(`DROP TABLE "challenge_bid_conflicts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_reviewers_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_reviewers_user"`);
    await queryRunner.query(`DROP TABLE "challenge_reviewers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_projects_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."ix_challenge_projects_line_awarded"`);
    await queryRunner.query(`DROP INDEX "public"."uq_challenge_projects_bid"`);
    await queryRunner.query(`DROP TABLE "challenge_projects"`);
  }
}
