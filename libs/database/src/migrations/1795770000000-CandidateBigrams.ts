import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate index of the matching engine: each published achievement's strongest character bigrams with their
 * TF-IDF weight, looked up by bigram (index-only: the weight is included in the key's index).
 */
export class CandidateBigrams1795770000000 implements MigrationInterface {
  name = 'CandidateBigrams1795770000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "achievement_bigrams" ("achievement_id" uuid NOT NULL, "bigram" text NOT NULL, "weight" real NOT NULL, CONSTRAINT "PK_achievement_bigrams" PRIMARY KEY ("bigram", "achievement_id") INCLUDE ("weight"), CONSTRAINT "FK_achievement_bigrams_achievement" FOREIGN KEY ("achievement_id") REFERENCES "achievements"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_achievement_bigrams_achievement" ON "achievement_bigrams" ("achievement_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "achievement_bigrams"`);
  }
}
