import { INDUSTRY_CHAIN_ALIASES as chainAliases } from '@app/registry';

import { ACHIEVEMENT_LIST_FILTERS } from '../dto/workspace-list.dto';
import { ListFilterParams, ListQueryUnderstandingService } from '../query/list-query-understanding.service';
import { QueryReferenceService } from '../query/query-reference.service';
import { QueryReference, QueryVocabulary } from '../query/query-understanding';

interface Row {
  id: string;
  institutionId: string;
  stage: string;
  chain: string;
  text: string;
}
interface Query {
  q?: string;
  understand?: boolean;
  institutionId?: string;
  stage?: string;
  chain?: string;
}

const rows: Row[] = [
  { id: 'nickel', institutionId: 'i-suda', stage: 'pilot', chain: 'c-ne', text: '高镍三元正极 电池' },
  { id: 'small', institutionId: 'i-suda', stage: 'small_pilot', chain: 'c-ne', text: '固态锂电池电解质' },
  { id: 'pv', institutionId: 'i-suda', stage: 'pilot', chain: 'c-ne', text: '光伏组件清洗机器人' },
  { id: 'other', institutionId: 'i-sz', stage: 'pilot', chain: 'c-ne', text: '退役电池检测' },
];

/** The list as the registry answers it: its own filters and a substring search, nothing else. */
const calls: Query[] = [];
const list = async (query: Query) => {
  calls.push(query);
  const items = rows.filter(
    (r) =>
      (!query.institutionId || r.institutionId === query.institutionId) &&
      (!query.stage || r.stage === query.stage) &&
      (!query.chain || r.chain === query.chain) &&
      (!query.q || r.text.includes(query.q)),
  );
  return { items: items.map((r) => r.id).sort(), total: items.length };
};

const reference = {
  vocabulary: async (params: QueryReference['params']) =>
    new QueryVocabulary({
      chains: [{ id: 'c-ne', code: 'new-energy', name: '新能源' }],
      chainAliases,
      institutions: [
        { id: 'i-suda', name: '苏州大学' },
        { id: 'i-sz', name: '苏州科技大学' },
      ],
      params,
    }),
} as unknown as QueryReferenceService;
const service = new ListQueryUnderstandingService(reference);
const ask = (query: Query) => service.list(query, ACHIEVEMENT_LIST_FILTERS as ListFilterParams<Query>, list);

describe('workspace list query understanding', () => {
  beforeEach(() => (calls.length = 0));

  it('turns the understood filters into the list’s own parameters and searches the rest', async () => {
    const res = await ask({ q: '苏州大学有哪些中试阶段的新能源电池成果' });
    expect(calls).toEqual([{ q: '电池', institutionId: 'i-suda', stage: 'pilot', chain: 'c-ne' }]);
    expect(res.items).toEqual(['nickel']);
    expect(res.understood?.filters.map((f) => [f.param, f.value])).toEqual([
      ['institutionId', 'i-suda'],
      ['stage', 'pilot'],
      ['chain', 'c-ne'],
    ]);
  });

  it('an explicit parameter wins and its kind is not offered as an understood filter', async () => {
    const res = await ask({ q: '苏州大学的中试电池', stage: 'small_pilot' });
    expect(calls[0]).toMatchObject({ stage: 'small_pilot', institutionId: 'i-suda', q: '电池' });
    expect(res.understood?.filters.map((f) => f.type)).toEqual(['institution']);
    expect(res.items).toEqual(['small']);
  });

  it('understand=false and no question pass the query through untouched (without `understand`)', async () => {
    expect(await ask({ q: '苏州大学中试电池', understand: false })).toMatchObject({ total: 0, understood: null });
    expect(await ask({ stage: 'pilot' })).toMatchObject({ total: 3, understood: null });
    expect(calls).toEqual([{ q: '苏州大学中试电池' }, { stage: 'pilot' }]);
  });

  it('when nothing holds the remaining words, the filters alone answer and the response says so', async () => {
    const res = await ask({ q: '苏州大学中试阶段的钙钛矿' });
    expect(res.understood).toMatchObject({ text: '钙钛矿', textIgnored: true });
    expect(res.items).toEqual(['nickel', 'pv']);
    const none = await ask({ q: '苏州科技大学小试阶段的钙钛矿' });
    expect(none.understood).toMatchObject({ textIgnored: false });
    expect(none.total).toBe(0);
  });
});
