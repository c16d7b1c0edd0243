import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.password_temporary_since`: set when an administrator's reset issues a temporary password, cleared when the
 * person sets their own. While set, the account's tokens only read the session and change the password.
 */
export class TemporaryPassword1796043000000 implements MigrationInterface {
  name = 'TemporaryPassword1796043000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "password_temporary_since" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_temporary_since"`);
  }
}
