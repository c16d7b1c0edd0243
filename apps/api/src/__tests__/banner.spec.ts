import { startBanner } from '../banner';

const base = { url: 'http://127.0.0.1:3000', database: 'PostgreSQL', queue: 'BullMQ', search: 'Meilisearch' };

describe('start banner', () => {
  it('never prints a password taken from the environment', () => {
    for (const created of [true, false]) {
      const banner = startBanner({
        ...base,
        admin: { email: 'ops@kunshan.gov.cn', password: 'Env-Secret-2026', source: 'environment', created },
      });
      expect(banner).toContain('ops@kunshan.gov.cn');
      expect(banner).toContain('ADMIN_PASSWORD');
      expect(banner).not.toContain('Env-Secret-2026');
    }
  });

  it('prints the embedded default password once, on the start that created the account', () => {
    const admin = { email: 'admin@zcz.local', password: 'Admin@2026', source: 'embedded-default' as const };
    expect(startBanner({ ...base, admin: { ...admin, created: true } })).toContain('admin@zcz.local / Admin@2026');
    const later = startBanner({ ...base, admin: { ...admin, created: false } });
    expect(later).toContain('admin@zcz.local');
    expect(later).not.toContain('Admin@2026');
  });
});
