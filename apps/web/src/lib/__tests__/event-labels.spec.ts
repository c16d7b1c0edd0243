import { DOMAIN_EVENTS, EntityType } from '@app/events';

import { ENTITY_LABELS, entityOfEventType, eventLabel } from '../event-labels';

const CHINESE = /[\u4e00-\u9fa5]/;

describe('audit log labels', () => {
  it('every entity type has a Chinese label', () => {
    const missing = Object.values(EntityType).filter((e) => !CHINESE.test(ENTITY_LABELS[e] ?? ''));
    expect(missing).toEqual([]);
  });

  it('every event type reads in Chinese, as its own entity', () => {
    const missing = Object.keys(DOMAIN_EVENTS).filter(
      (type) => !CHINESE.test(eventLabel(type)) || eventLabel(type) === type,
    );
    expect(missing).toEqual([]);
    for (const [type, spec] of Object.entries(DOMAIN_EVENTS)) {
      expect([type, entityOfEventType(type)]).toEqual([type, spec.entityType]);
    }
  });

  it('reads the finance variant and the examples people see', () => {
    expect(eventLabel('financing_need.published')).toBe('融资需求·发布');
    expect(eventLabel('financing_offer.not_chosen')).toBe('银行融资方案·未被选定');
    expect(eventLabel('financing_offer.accepted')).toBe('银行融资方案·被选定');
    expect(eventLabel('import.previewed')).toBe('批量导入·校验完成');
    expect(eventLabel('evaluation_period.published')).toBe('分级评估周期·发布');
    expect(eventLabel('service_rating.created')).toBe('服务评价·创建');
    expect(eventLabel('challenge_invitation.sent')).toBe('揭榜邀请·发出');
    expect(eventLabel('unknown.thing')).toBe('unknown.thing');
  });
});
