import { MigrationInterface, QueryRunner } from 'typeorm';

export class FinancingNeedsAndOffers1796038329941 implements MigrationInterface {
  name = 'FinancingNeedsAndOffers1796038329941';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "financing_needs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enterprise_organisation_id" uuid NOT NULL, "title" text NOT NULL, "purpose" text NOT NULL, "amount" numeric(12,2) NOT NULL, "term_months" integer NOT NULL, "collateral_kinds" text array NOT NULL DEFAULT '{}', "collateral_details" text NOT NULL DEFAULT '', "annual_revenue" numeric(14,2), "net_profit" numeric(14,2), "industry_chain_ids" uuid array NOT NULL DEFAULT '{}', "contact_name" text NOT NULL, "contact_phone" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "published_at" TIMESTAMP WITH TIME ZONE, "accepted_offer_id" uuid, "matched_at" TIMESTAMP WITH TIME ZONE, "outcome" text, "loan_amount" numeric(12,2), "loan_date" date, "close_reason" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "version" integer NOT NULL, CONSTRAINT "PK_bbc18cc1668276e48d7a6b7825f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_financing_needs_status" ON "financing_needs" ("status", "published_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_financing_needs_enterprise" ON "financing_needs" ("enterprise_organisation_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "financing_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "need_id" uuid NOT NULL, "bank_organisation_id" uuid NOT NULL, "product_name" text NOT NULL, "amount" numeric(12,2) NOT NULL, "rate_min" numeric(6,3) NOT NULL, "rate_max" numeric(6,3) NOT NULL, "term_months" integer NOT NULL, "conditions" text NOT NULL, "status" text NOT NULL DEFAULT 'submitted', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_55e1070b8ee6cabda6970847951" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_financing_offers_need_bank" ON "financing_offers" ("need_id", "bank_organisation_id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_financing_offers_bank" ON "financing_offers" ("bank_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_financing_offers_need" ON "financing_offers" ("need_id", "status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_financing_offers_need"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_offers_bank"`);
    await queryRunner.query(`DROP INDEX "public"."uq_financing_offers_need_bank"`);
    await queryRunner.query(`DROP TABLE "financing_offers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_needs_enterprise"`);
    await queryRunner.query(`DROP INDEX "public"."ix_financing_needs_status"`);
    await queryRunner.query(`DROP TABLE "financing_needs"`);
  }
}
