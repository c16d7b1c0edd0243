import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 技术经理人, 技术转移服务机构, 深度服务龙头企业 and 紧密合作重点高校 are now counted from the managers context's
 * records (profiles, filed agencies, assignments, service records) instead of users, organisations and matches.
 * The facts the old rules derived would never be refreshed by the new ones (other subjects): drop them. The new
 * tables start empty, so the new rules derive nothing from them yet; `cli indicators recompute` derives the rest
 * (a university's catalogued achievements and attended activities) and `cli indicators verify` confirms.
 */
export class ManagerIndicatorFacts1796026985508 implements MigrationInterface {
  name = 'ManagerIndicatorFacts1796026985508';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM indicator_facts
        WHERE indicator_key IN ('tech_managers', 'transfer_agencies', 'leading_enterprises_served', 'key_universities')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The old facts are derived data: `cli indicators recompute` on the old code rebuilds them.
    await queryRunner.query(
      `DELETE FROM indicator_facts
        WHERE indicator_key IN ('tech_managers', 'transfer_agencies', 'leading_enterprises_served', 'key_universities')`,
    );
  }
}
