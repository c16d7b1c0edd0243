import { Actor, applyTransition, Role } from '@app/common';

import { needVisibility } from '../finance.access';
import { FINANCING_NEED_STATUS_LABELS, FinancingNeedStatus as S } from '../finance.domain';
import { FINANCING_NEED_WORKFLOW } from '../finance.workflow';

const ENT = 'e0000000-0000-4000-8000-000000000001';
const actor = (role: Role, organisationId: string | null = null): Actor => ({ userId: 'u', role, organisationId });
const need = (status: S) => ({ status, enterpriseOrganisationId: ENT });

describe('who sees a financing need', () => {
  it('the enterprise and staff see it whole in every status', () => {
    for (const status of Object.values(S)) {
      expect(needVisibility(actor(Role.Enterprise, ENT), need(status), false)).toBe('full');
      expect(needVisibility(actor(Role.Manager), need(status), false)).toBe('full');
      expect(needVisibility(actor(Role.Admin), need(status), false)).toBe('full');
    }
  });

  it('a bank sees a published need without the figures until it answers, and never a draft', () => {
    const bank = actor(Role.Bank, 'b0000000-0000-4000-8000-000000000001');
    expect(needVisibility(bank, need(S.Draft), false)).toBe('none');
    expect(needVisibility(bank, need(S.Published), false)).toBe('offer');
    expect(needVisibility(bank, need(S.Published), true)).toBe('full');
    expect(needVisibility(bank, need(S.Matched), true)).toBe('full');
    expect(needVisibility(bank, need(S.Matched), false)).toBe('none');
    expect(needVisibility(bank, need(S.Closed), false)).toBe('none');
  });

  it('other enterprises, universities and organisers never see it', () => {
    for (const status of Object.values(S)) {
      expect(needVisibility(actor(Role.Enterprise, 'e0000000-0000-4000-8000-000000000002'), need(status), true)).toBe(
        'none',
      );
      expect(needVisibility(actor(Role.University, 'u0'), need(status), false)).toBe('none');
      expect(needVisibility(actor(Role.Organizer), need(status), false)).toBe('none');
    }
  });
});

describe('financing need workflow', () => {
  const step = (action: keyof typeof FINANCING_NEED_WORKFLOW, from: S, parties: Array<'owner' | 'staff'>) =>
    applyTransition(FINANCING_NEED_WORKFLOW, action, from, parties, FINANCING_NEED_STATUS_LABELS);

  it('walks draft → published → matched → closed', () => {
    expect(step('publish', S.Draft, ['owner'])).toBe(S.Published);
    expect(step('accept', S.Published, ['owner'])).toBe(S.Matched);
    expect(step('close', S.Matched, ['staff'])).toBe(S.Closed);
    expect(step('withdraw', S.Published, ['owner'])).toBe(S.Withdrawn);
  });

  it('refuses illegal steps (409) and lets only the enterprise choose its bank (403 for staff)', () => {
    expect(() => step('close', S.Published, ['owner'])).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    expect(() => step('withdraw', S.Matched, ['owner'])).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
    expect(() => step('publish', S.Closed, ['owner'])).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    expect(() => step('accept', S.Published, ['staff'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
