import { MigrationInterface, QueryRunner } from 'typeorm';

/** 创新联合体: the signed agreement file (a stored file reference). */
export class ConsortiumAgreement1796040000000 implements MigrationInterface {
  name = 'ConsortiumAgreement1796040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "innovation_consortia" ADD "agreement" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "innovation_consortia" DROP COLUMN "agreement"`);
  }
}
