import { MigrationInterface, QueryRunner } from 'typeorm';

/** 签约 details on a match: the contract amount (万元) and the cooperation mode of the contract. */
export class MatchContractAmountAndMode1796004543745 implements MigrationInterface {
  name = 'MatchContractAmountAndMode1796004543745';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" ADD "contract_amount" numeric(14,2)`);
    await queryRunner.query(`ALTER TABLE "matches" ADD "contract_mode" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "contract_mode"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP COLUMN "contract_amount"`);
  }
}
