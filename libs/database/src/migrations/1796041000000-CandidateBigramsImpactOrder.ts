import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate index as impact-ordered posting lists: one index holds each bigram's postings strongest first
 * (weight descending, ties by achievement), so the candidate query reads at most a fixed number of postings per
 * query bigram, index-only, however large the catalogue. It replaces the primary key (bigram, achievement): nothing
 * upserts on it any more (a sync deletes an achievement's rows, then inserts its new ones, in one transaction), and
 * a rebuild still builds two indexes, not three.
 */
export class CandidateBigramsImpactOrder1796041000000 implements MigrationInterface {
  name = 'CandidateBigramsImpactOrder1796041000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "achievement_bigrams" DROP CONSTRAINT "PK_achievement_bigrams"`);
    await queryRunner.query(
      `CREATE INDEX "ix_achievement_bigrams_impact" ON "achievement_bigrams" ("bigram", "weight" DESC, "achievement_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_achievement_bigrams_impact"`);
    await queryRunner.query(
      `ALTER TABLE "achievement_bigrams" ADD CONSTRAINT "PK_achievement_bigrams" PRIMARY KEY ("bigram", "achievement_id") INCLUDE ("weight")`,
    );
  }
}
