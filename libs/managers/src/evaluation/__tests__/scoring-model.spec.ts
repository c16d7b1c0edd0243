import agencyModelJson from '../models/agency-model.json';
import managerModelJson from '../models/manager-model.json';
import {
  DEFAULT_SCORING_MODELS,
  EMPTY_FACTS,
  parsePeriodKey,
  scoreSubjects,
  ScoringModelError,
  SubjectFacts,
  validateScoringModel,
} from '../scoring-model';

const facts = (f: Partial<SubjectFacts>): SubjectFacts => ({ ...EMPTY_FACTS, ...f });
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function problemsOf(input: unknown, subject: 'manager' | 'agency' = 'manager') {
  try {
    validateScoringModel(input, subject);
  } catch (e) {
    if (e instanceof ScoringModelError) return e.problems;
    throw e;
  }
  return [];
}

describe('分级评估 scoring maths', () => {
  it('loads the default models: eight criteria each, weights summing to 100, grades 一级/二级/三级', () => {
    for (const model of Object.values(DEFAULT_SCORING_MODELS)) {
      expect(model.criteria).toHaveLength(8);
      expect(model.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
      expect(model.grades.map((g) => `${g.grade}${g.label}≥${g.minScore}`)).toEqual([
        'A一级≥80',
        'B二级≥60',
        'C三级≥0',
      ]);
    }
  });

  it('scores two managers criterion by criterion (figures worked out by hand)', () => {
    const [first, second] = scoreSubjects(DEFAULT_SCORING_MODELS.manager, [
      {
        subjectId: 'a',
        name: '陈晓峰',
        facts: facts({
          confirmedMatches: 5,
          contracts: 2,
          contractValue: 300,
          serviceRecords: 6,
          followUpsDue: 4,
          followUpsOnTime: 3,
          trainingHours: 20,
          assessmentSum: 88,
          assessmentCount: 1,
          ratingSum: 9,
          ratingCount: 2,
        }),
      },
      {
        subjectId: 'b',
        name: '周雨桐',
        facts: facts({ confirmedMatches: 12, contracts: 3, contractValue: 600, serviceRecords: 12, trainingHours: 40 }),
      },
    ]);
    // 周雨桐: every count at or above its target, the best contract value; no follow-up due, no assessment, no rating
    expect(first).toMatchObject({ name: '周雨桐', total: 75, grade: 'B', gradeLabel: '二级', rank: 1 });
    expect(first.criteria.map((c) => [c.code, c.raw, c.normalised, c.contribution])).toEqual([
      ['confirmedMatches', 12, 100, 20],
      ['contracts', 3, 100, 15],
      ['contractValue', 600, 100, 15],
      ['serviceRecords', 12, 100, 15],
      ['followUpTimeliness', null, 0, 0],
      ['trainingHours', 40, 100, 10],
      ['assessmentScore', null, 0, 0],
      ['enterpriseRating', null, 0, 0],
    ]);
    // 陈晓峰: 5/10, 2/3, 300/600, 6/12, 3 of 4 on time, 20/40 h, (88−60)/40, (4.5−1)/4
    expect(second).toMatchObject({ name: '陈晓峰', total: 59.75, grade: 'C', gradeLabel: '三级', rank: 2 });
    expect(second.criteria.map((c) => [c.code, c.raw, c.normalised, c.contribution])).toEqual([
      ['confirmedMatches', 5, 50, 10],
      ['contracts', 2, 66.67, 10],
      ['contractValue', 300, 50, 7.5],
      ['serviceRecords', 6, 50, 7.5],
      ['followUpTimeliness', 75, 75, 7.5],
      ['trainingHours', 20, 50, 5],
      ['assessmentScore', 88, 70, 3.5],
      ['enterpriseRating', 4.5, 87.5, 8.75],
    ]);
  });

  it('gives equal totals the same rank, and a relative criterion 0 when nobody has any', () => {
    const ranked = scoreSubjects(DEFAULT_SCORING_MODELS.manager, [
      { subjectId: 'a', name: '乙', facts: facts({ serviceRecords: 12 }) },
      { subjectId: 'b', name: '甲', facts: facts({ serviceRecords: 12 }) },
      { subjectId: 'c', name: '丙', facts: facts({}) },
    ]);
    expect(ranked.map((r) => [r.name, r.total, r.rank])).toEqual([
      ['甲', 15, 1],
      ['乙', 15, 1],
      ['丙', 0, 3],
    ]);
    expect(ranked[2].criteria.find((c) => c.code === 'contractValue')).toMatchObject({ raw: 0, normalised: 0 });
  });

  it('uses a criterion’s no-data score when a rate has nothing to be computed from', () => {
    const model = clone(DEFAULT_SCORING_MODELS.manager);
    model.criteria.find((c) => c.code === 'followUpTimeliness')!.noDataScore = 60;
    const [only] = scoreSubjects(model, [{ subjectId: 'a', name: '甲', facts: facts({}) }]);
    expect(only.criteria.find((c) => c.code === 'followUpTimeliness')).toMatchObject({
      raw: null,
      normalised: 60,
      contribution: 6,
    });
  });

  it('places totals on the thresholds: 80 is 一级, 79.99 二级, 60 二级, 59.99 三级', () => {
    const model = DEFAULT_SCORING_MODELS.manager;
    const grade = (total: number) => model.grades.find((g) => total >= g.minScore)!.label;
    expect([80, 79.99, 60, 59.99, 0].map(grade)).toEqual(['一级', '二级', '二级', '三级', '三级']);
  });

  it('refuses a model whose weights do not sum to 100, naming the field and the sum', () => {
    const model = clone(managerModelJson);
    model.criteria[0].weight = 19;
    expect(problemsOf(model)).toEqual([{ field: 'criteria', reason: '各项权重之和必须为 100（当前为 99）' }]);
  });

  it('refuses unknown or misplaced criteria, bad normalisation, unordered thresholds and a wrong subject', () => {
    const model = clone(managerModelJson) as Record<string, any>;
    model.criteria[0].code = 'bribes';
    model.criteria[1].normalisation = { kind: 'range', min: 5, max: 1 };
    model.criteria[2].normalisation = { kind: 'log' };
    model.grades[1].minScore = 90;
    model.subject = 'agency';
    expect(problemsOf(model).map((p) => p.field)).toEqual([
      'subject',
      'criteria[0].code',
      'criteria[1].normalisation',
      'criteria[2].normalisation.kind',
      'grades[1].minScore',
    ]);
    const agency = clone(agencyModelJson);
    agency.criteria[0].code = 'assessmentScore';
    expect(problemsOf(agency, 'agency')).toEqual([{ field: 'criteria[0].code', reason: '该指标不适用于此评估对象' }]);
  });

  it('reads periods as Kunshan calendar ranges', () => {
    expect(parsePeriodKey('2026')).toEqual({
      key: '2026',
      label: '2026 年度',
      startOn: '2026-01-01',
      endOn: '2026-12-31',
    });
    expect(parsePeriodKey('2026H2')).toMatchObject({
      label: '2026 年下半年',
      startOn: '2026-07-01',
      endOn: '2026-12-31',
    });
    expect(parsePeriodKey('2026H3')).toBeNull();
    expect(parsePeriodKey('26')).toBeNull();
  });
});
