import { createManager, MANAGER_PASSWORD } from '../factories/registry.factory';
import { login, TEST_ADMIN, TestApp } from '../utils/app';
import type { Account } from './harness';

/** The records most console specs start from, made through the API: the admin, a manager and a university. */
export interface ManagerAndUniversity {
  /** Authorization headers. */
  admin: string;
  manager: string;
  /** The manager's login, for signing in through the browser. */
  managerAccount: Account;
  universityId: string;
}

/**
 * Signs the test admin in, creates a technology manager (`managerEmail`) and has the manager register a university
 * (institution) — the setup of the specs where a manager curates a university's achievements.
 */
export async function seedManagerAndUniversity(
  t: TestApp,
  options: { managerEmail: string; university: { name: string; district: string } },
): Promise<ManagerAndUniversity> {
  const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
  const manager = await createManager(t.http, admin, options.managerEmail);
  const university = await t.http
    .post('/organisations')
    .set('Authorization', manager)
    .send({ kind: 'university', ...options.university })
    .expect(201);
  return {
    admin,
    manager,
    managerAccount: { email: options.managerEmail, password: MANAGER_PASSWORD },
    universityId: university.body.id as string,
  };
}

/**
 * A user of the university (role university) created by the admin with a password that need not be changed (the
 * audited opt-out: a chosen password is otherwise temporary); returns the user's Authorization header.
 */
export async function createUniversityUser(
  t: TestApp,
  admin: string,
  universityId: string,
  user: Account & { name: string },
): Promise<string> {
  await t.http
    .post('/users')
    .set('Authorization', admin)
    .send({ ...user, role: 'university', organisationId: universityId, temporaryPassword: false })
    .expect(201);
  return login(t.http, user.email, user.password);
}
