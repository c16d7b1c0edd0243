import 'reflect-metadata';

import { Role } from '@app/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

import { CreateAchievementDto } from '../../achievement/dto/achievement.dto';
import { CreateDemandDto } from '../../demand/dto/demand.dto';
import { AchievementStatus, DemandKind, DemandStatus, OrganisationKind } from '../../domain';
import defaultChains from '../../industry-chain/default-industry-chains.json';
import { CreateOrganisationDto } from '../../organisation/dto/organisation.dto';
import {
  DEMO_ACHIEVEMENTS,
  DEMO_DEMANDS,
  DEMO_EXPECTED_MATCHES,
  DEMO_ORGANISATIONS,
  toCreateAchievementInput,
  toCreateDemandInput,
  toCreateOrganisationInput,
} from '../demo-data';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo-loader';

/** The options of the platform's ValidationPipe (libs/common/src/validation.ts). */
const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

const CHAIN_CODES = new Set(defaultChains.map((c) => c.code));
const FAKE_OWNER = '7b0c6f1e-3d2a-4c5b-9e8f-1a2b3c4d5e6f';
const FAKE_MANAGER = '0f1e2d3c-4b5a-4968-8776-655443322110';
/** A distinct, well-formed (v4) uuid per chain code. */
const fakeChainId = (code: string): string => {
  const n = [...CHAIN_CODES].indexOf(code) + 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
};

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`), ...messages(e.children ?? [], field)];
  });
}

const orgByKey = new Map(DEMO_ORGANISATIONS.map((o) => [o.key, o]));

describe('demo organisations', () => {
  it('have unique keys and names', () => {
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.key)).size).toBe(DEMO_ORGANISATIONS.length);
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.name)).size).toBe(DEMO_ORGANISATIONS.length);
  });

  it('start with an enterprise (the loader’s idempotence marker) and cover every kind', () => {
    expect(DEMO_ORGANISATIONS[0].kind).toBe(OrganisationKind.Enterprise);
    const count = (kind: OrganisationKind) => DEMO_ORGANISATIONS.filter((o) => o.kind === kind).length;
    expect(count(OrganisationKind.Enterprise)).toBeGreaterThanOrEqual(10);
    expect(count(OrganisationKind.University)).toBeGreaterThanOrEqual(6);
    expect(count(OrganisationKind.Agency)).toBe(2);
  });

  it.each(DEMO_ORGANISATIONS.map((o) => [o.name, o] as const))('%s passes CreateOrganisationDto', (_name, org) => {
    const dto = plainToInstance(CreateOrganisationDto, toCreateOrganisationInput(org));
    expect(messages(validateSync(dto, PIPE_OPTIONS))).toEqual([]);
    expect(org).not.toHaveProperty('creditCode');
  });

  it('date tier flags in 2025–2026', () => {
    const grants = DEMO_ORGANISATIONS.flatMap((o) => o.tierFlags ?? []);
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) expect(g.grantedOn).toMatch(/^202[56]-\d\d-\d\d$/);
  });
});

describe('demo demands', () => {
  it.each(DEMO_DEMANDS.map((d) => [d.title, d] as const))('%s passes CreateDemandDto', (_title, demand) => {
    const input = toCreateDemandInput(demand, demand.chainCodes.map(fakeChainId), FAKE_OWNER, FAKE_MANAGER);
    const dto = plainToInstance(CreateDemandDto, input);
    expect(messages(validateSync(dto, PIPE_OPTIONS))).toEqual([]);
    expect(demand.description.length).toBeGreaterThanOrEqual(80);
    expect(demand.description.length).toBeLessThanOrEqual(300);
    expect(demand.budgetMin).toBeLessThanOrEqual(demand.budgetMax);
    expect(demand.deadline).toMatch(/^202[67]-/);
    expect(demand.contactEmail).toMatch(/@example\.com$/);
    expect(demand.contactPhone).toMatch(/^(0512-5700\d{4}|1380000\d{4})$/);
  });

  it('reference existing chains and enterprise owners', () => {
    for (const d of DEMO_DEMANDS) {
      for (const code of d.chainCodes) expect(CHAIN_CODES).toContain(code);
      expect(orgByKey.get(d.ownerKey)?.kind).toBe(OrganisationKind.Enterprise);
    }
  });

  it('have unique titles, span at least 10 chains and mix kinds and statuses', () => {
    expect(new Set(DEMO_DEMANDS.map((d) => d.title)).size).toBe(DEMO_DEMANDS.length);
    expect(new Set(DEMO_DEMANDS.flatMap((d) => d.chainCodes)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(DEMO_DEMANDS.map((d) => d.kind))).toEqual(new Set([DemandKind.Major, DemandKind.Chain]));
    const statuses = DEMO_DEMANDS.map((d) => d.targetStatus);
    for (const s of [DemandStatus.Draft, DemandStatus.Submitted, DemandStatus.Published, DemandStatus.InProgress]) {
      expect(statuses).toContain(s);
    }
    expect(statuses.filter((s) => s === DemandStatus.Published).length).toBeGreaterThan(DEMO_DEMANDS.length / 2);
  });
});

describe('demo achievements', () => {
  it.each(DEMO_ACHIEVEMENTS.map((a) => [a.title, a] as const))('%s passes CreateAchievementDto', (_title, a) => {
    const dto = plainToInstance(
      CreateAchievementDto,
      toCreateAchievementInput(a, a.chainCodes.map(fakeChainId), FAKE_OWNER),
    );
    expect(messages(validateSync(dto, PIPE_OPTIONS))).toEqual([]);
    // The DTO normalises patent numbers; demo data is written already normalised.
    expect(dto.patentNumbers).toEqual(a.patentNumbers);
    for (const p of a.patentNumbers) expect(p).toMatch(/^CN\d{12,13}(\.\d)?$/);
    expect(a.abstract.length).toBeGreaterThanOrEqual(100);
    expect(a.abstract.length).toBeLessThanOrEqual(300);
    expect(a.contactEmail).toMatch(/@example\.com$/);
  });

  it('reference existing chains and university/institute holders', () => {
    for (const a of DEMO_ACHIEVEMENTS) {
      for (const code of a.chainCodes) expect(CHAIN_CODES).toContain(code);
      expect(orgByKey.get(a.holderKey)?.kind).toBe(OrganisationKind.University);
    }
  });

  it('have unique titles and are mostly published', () => {
    expect(new Set(DEMO_ACHIEVEMENTS.map((a) => a.title)).size).toBe(DEMO_ACHIEVEMENTS.length);
    const published = DEMO_ACHIEVEMENTS.filter((a) => a.targetStatus === AchievementStatus.Published).length;
    expect(published).toBeGreaterThan(DEMO_ACHIEVEMENTS.length * 0.8);
    expect(published).toBeLessThan(DEMO_ACHIEVEMENTS.length);
  });
});

describe('demo cross-references', () => {
  it('expected matches name existing demands and achievements', () => {
    const demandTitles = new Set(DEMO_DEMANDS.map((d) => d.title));
    const achievementTitles = new Set(DEMO_ACHIEVEMENTS.map((a) => a.title));
    for (const [demand, achievement] of DEMO_EXPECTED_MATCHES) {
      expect(demandTitles).toContain(demand);
      expect(achievementTitles).toContain(achievement);
    }
    expect(DEMO_EXPECTED_MATCHES.length).toBeGreaterThanOrEqual(DEMO_ACHIEVEMENTS.length / 3);
  });

  it('demo accounts belong to organisations of the right kind', () => {
    expect(DEMO_PASSWORD).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{8,72}$/);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.email)).size).toBe(DEMO_ACCOUNTS.length);
    const kindOfRole: Partial<Record<Role, OrganisationKind>> = {
      [Role.Enterprise]: OrganisationKind.Enterprise,
      [Role.University]: OrganisationKind.University,
    };
    for (const account of DEMO_ACCOUNTS) {
      const org = account.organisationKey ? orgByKey.get(account.organisationKey) : undefined;
      if (account.organisationKey) expect(org).toBeDefined();
      const required = kindOfRole[account.role];
      if (required) expect(org?.kind).toBe(required);
    }
  });
});
