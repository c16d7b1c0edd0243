import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate index's bigrams compare byte-wise (collation "C"): its key index is only ever searched for equal
 * bigrams, and a byte-wise key builds (on every rebuild) and searches several times faster than one under the
 * database's linguistic collation. Equal strings are equal under both, so lookups return the same rows.
 */
export class CandidateBigramsCollateC1796016158842 implements MigrationInterface {
  name = 'CandidateBigramsCollateC1796016158842';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievement_bigrams" ALTER COLUMN "bigram" TYPE text COLLATE "C"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievement_bigrams" ALTER COLUMN "bigram" TYPE text COLLATE "default"`);
  }
}
