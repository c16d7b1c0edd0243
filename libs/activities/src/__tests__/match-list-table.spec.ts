import { MatchStatus } from '@app/matching';
import { ChainRef } from '@app/registry';

import {
  beijingDateTime,
  exportFilename,
  matchListColumns,
  scoreLabel,
  sectionsByChain,
  tableRow,
} from '../export/match-list-table';
import { MatchListRow } from '../match-list/match-list.rows';

const CHAINS: Record<string, string> = { c1: '智能制造与机器人', c2: '新能源', c3: '生物医药' };
const refs = new Map<string, ChainRef>(Object.entries(CHAINS).map(([id, name]) => [id, { id, code: id, name }]));

function row(
  position: number,
  demandChains: string[],
  achievementChains: string[] = [],
  extra: Partial<MatchListRow> = {},
) {
  return {
    itemId: `i${position}`,
    position,
    note: '',
    addedById: null,
    createdAt: new Date(),
    matchId: `m${position}`,
    matchStatus: MatchStatus.Suggested,
    matchStatusLabel: '系统推荐',
    origin: 'engine',
    score: 0.834,
    summary: '文本相关度 97%',
    matchedTerms: [],
    demand: {
      id: 'd',
      title: '谐波减速器国产化',
      status: 'published',
      organisationId: 'o1',
      organisationName: '昆山精毅',
      industryChainIds: demandChains,
    },
    achievement: {
      id: 'a',
      title: '双圆弧齿形',
      status: 'published',
      organisationId: 'o2',
      organisationName: '江南大学',
      industryChainIds: achievementChains,
    },
    ...extra,
  } satisfies MatchListRow;
}

describe('match list sections', () => {
  it('puts each pair under one chain: the activity’s chains in order first, then others, then 其他', () => {
    const sections = sectionsByChain(
      [row(1, ['c3']), row(2, ['c2', 'c1']), row(3, [], ['c1']), row(4, []), row(5, ['c1'])],
      ['c1', 'c2'],
      refs,
    );
    expect(sections.map((s) => [s.chainName, s.rows.map((r) => r.position)])).toEqual([
      ['智能制造与机器人', [2, 3, 5]],
      ['生物医药', [1]],
      ['其他', [4]],
    ]);
  });

  it('labels scores as percentages, hand-made pairs as 人工推荐', () => {
    expect(scoreLabel(row(1, []))).toBe('83%');
    expect(scoreLabel(row(1, [], [], { origin: 'manual', score: 0 }))).toBe('人工推荐');
  });
});

describe('match list columns', () => {
  it('has contact columns only for readers allowed to see contacts, and fills them', () => {
    const plain = matchListColumns({ contacts: false, chain: false }).map((c) => c.header);
    expect(plain).toEqual(['序号', '需求名称', '需求企业', '成果名称', '成果单位', '匹配度', '匹配理由', '备注']);
    const full = matchListColumns({ contacts: true, chain: true }).map((c) => c.header);
    expect(full).toContain('需求联系电话');
    expect(full[1]).toBe('产业链');
    const values = tableRow(
      row(1, [], [], { demandContact: { name: '王工', phone: '0512-57000001', email: null } }),
      '新能源',
    );
    expect(values).toMatchObject({
      demandContactName: '王工',
      demandContactPhone: '0512-57000001',
      demandContactEmail: '',
    });
  });

  it('formats Beijing time and safe file names', () => {
    expect(beijingDateTime(new Date('2026-05-20T01:30:00Z'))).toContain('2026年5月20日');
    expect(beijingDateTime(new Date('2026-05-20T01:30:00Z'))).toContain('09:30');
    expect(exportFilename('路演/第1期: "新材料"', new Date('2026-12-31T17:00:00Z'), 'xlsx')).toBe(
      '对接清单-路演 第1期 新材料-20270101.xlsx',
    );
  });
});
