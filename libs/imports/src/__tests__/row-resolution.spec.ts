import { Role } from '@app/common';
import {
  Achievement,
  AchievementStatus,
  CatalogueEntry,
  CatalogueKind,
  Demand,
  entryOfAchievement,
  entryOfDemand,
  OrganisationKind,
} from '@app/registry';

import { CatalogueSource } from '../batch/catalogue-lookup';
import { RowOutcome } from '../batch/import-row.entity';
import { FOREIGN_RECORD_REASON } from '../batch/import-row.view';
import { ImportRowResolver, PendingRow, ResolutionBatch, SimilarSource } from '../batch/row-resolution';
import { CatalogueRecordHit } from '../dedup/similar-search';

/** The registry's catalogue in memory: what CatalogueReads answers from PostgreSQL, answered from arrays. */
class FakeCatalogue implements CatalogueSource {
  readonly organisations: Array<{ id: string; name: string; kind: OrganisationKind }> = [];
  readonly achievements: Achievement[] = [];
  readonly demands: Demand[] = [];

  async organisationIdsByName(kind: OrganisationKind, names: string[]): Promise<Map<string, string>> {
    return new Map(
      this.organisations.filter((o) => o.kind === kind && names.includes(o.name)).map((o) => [o.name, o.id]),
    );
  }

  async ofOrganisations(kind: CatalogueKind, organisationIds: string[]): Promise<CatalogueEntry[]> {
    return this.entries(kind).filter((e) => organisationIds.includes(e.organisationId));
  }

  async achievementsWithPatents(patents: string[]): Promise<CatalogueEntry[]> {
    return this.entries('achievements').filter((e) => e.patentNumbers.some((p) => patents.includes(p)));
  }

  async records(kind: CatalogueKind, ids: string[]): Promise<Array<Achievement | Demand>> {
    const all: Array<Achievement | Demand> = kind === 'achievements' ? this.achievements : this.demands;
    return all.filter((r) => ids.includes(r.id));
  }

  private entries(kind: CatalogueKind): CatalogueEntry[] {
    return kind === 'achievements' ? this.achievements.map(entryOfAchievement) : this.demands.map(entryOfDemand);
  }
}

const SUZHOU = '00000000-0000-4000-8000-000000000001';
const NANJING = '00000000-0000-4000-8000-000000000002';

const ABSTRACT =
  '本成果提出一种面向新能源汽车动力电池的热失控早期预警方法，通过多传感器融合采集电芯温度、电压与气体浓度，' +
  '结合轻量化神经网络模型在边缘端实时判别异常，预警时间较传统阈值法提前三分钟以上，已在昆山两家企业完成中试验证。';

function achievement(fields: Partial<Achievement>): Achievement {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    institutionId: SUZHOU,
    title: '动力电池热失控早期预警系统',
    abstract: ABSTRACT,
    keywords: ['动力电池', '热失控', '预警'],
    patentNumbers: [],
    status: AchievementStatus.Published,
    ...fields,
  } as Achievement;
}

let rowNumber = 1;
function row(values: Record<string, unknown>, organisationName: string | null = '苏州大学'): PendingRow {
  rowNumber += 1;
  return { rowNumber, cells: [], values, organisationName, reasons: [], organisationId: null };
}

const managerBatch = (kind: CatalogueKind = 'achievements'): ResolutionBatch => ({
  kind,
  organisationId: null,
  createdById: '20000000-0000-4000-8000-000000000001',
  createdByRole: Role.Manager,
  createdByOrganisationId: null,
});

const universityBatch = (): ResolutionBatch => ({
  kind: 'achievements',
  organisationId: SUZHOU,
  createdById: '20000000-0000-4000-8000-000000000002',
  createdByRole: Role.University,
  createdByOrganisationId: SUZHOU,
});

describe('import row resolution (in-memory catalogue)', () => {
  let catalogue: FakeCatalogue;

  beforeEach(() => {
    rowNumber = 1;
    catalogue = new FakeCatalogue();
    catalogue.organisations.push(
      { id: SUZHOU, name: '苏州大学', kind: OrganisationKind.University },
      { id: NANJING, name: '南京理工大学', kind: OrganisationKind.University },
      { id: '00000000-0000-4000-8000-000000000003', name: '昆山精密制造有限公司', kind: OrganisationKind.Enterprise },
    );
  });

  it('resolves the organisation by name and marks a record it has not seen as new', async () => {
    const rows = [
      row({ title: '高精度光纤陀螺标定方法', abstract: '一种光纤陀螺零偏温度漂移补偿方法。', keywords: ['光纤陀螺'] }),
    ];
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve(rows);
    expect(rows[0]).toMatchObject({ organisationId: SUZHOU, outcome: RowOutcome.New, reasons: [] });
    expect(rows[0].naturalKey).toContain(SUZHOU);
  });

  it('refuses an organisation that is not registered as that kind, naming it', async () => {
    const rows = [row({ title: '智能焊接机器人路径规划' }, '昆山精密制造有限公司')];
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve(rows);
    expect(rows[0].outcome).toBe(RowOutcome.Invalid);
    expect(rows[0].reasons).toEqual([
      { column: '所属单位', reason: '“昆山精密制造有限公司”未在平台登记为高校院所，请核对名称或先登记该单位' },
    ]);
  });

  it('finds the existing record by title and diffs only the fields the file gives', async () => {
    catalogue.achievements.push(achievement({}));
    const changed = row({ title: '动力电池热失控早期预警系统', abstract: `${ABSTRACT}新增：已申请发明专利。` });
    const same = row({ title: '动力电池热失控早期预警系统' }, '苏州大学');
    const resolver = new ImportRowResolver(managerBatch(), catalogue, null);
    await resolver.resolve([changed]);
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve([same]);
    expect(changed).toMatchObject({ outcome: RowOutcome.Updated, targetId: achievement({}).id });
    expect(changed.changes!.map((c) => c.field)).toEqual(['abstract']);
    expect(same).toMatchObject({ outcome: RowOutcome.Unchanged, targetId: achievement({}).id, changes: [] });
  });

  it('never names another institution’s record that holds the same patent', async () => {
    catalogue.achievements.push(achievement({ institutionId: NANJING, patentNumbers: ['CN202310123456.7'] }));
    const rows = [row({ title: '电池预警新方法', patentNumbers: ['ZL 202310123456.7'] })];
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve(rows);
    expect(rows[0].outcome).toBe(RowOutcome.Invalid);
    expect(rows[0].reasons).toEqual([
      { column: '专利号', reason: FOREIGN_RECORD_REASON, recordId: achievement({}).id },
    ]);
  });

  it('imports one record once per file: a second row with the same title is refused', async () => {
    const first = row({ title: 'ＬＥＤ驱动芯片散热结构', abstract: '一种驱动芯片散热结构。' });
    const second = row({ title: ' led驱动芯片散热结构 ', abstract: '另一段完全不同的描述。' });
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve([first, second]);
    expect(first.outcome).toBe(RowOutcome.New);
    expect(second.outcome).toBe(RowOutcome.Invalid);
    expect(second.reasons[0].reason).toBe(`与第 ${first.rowNumber} 行是同一成果（名称相同），不重复导入`);
  });

  it('flags a renamed copy of an existing record as a duplicate suspect', async () => {
    catalogue.achievements.push(achievement({}));
    const rows = [
      row({ title: '新能源电池安全监测平台', abstract: ABSTRACT, keywords: ['动力电池', '热失控', '预警'] }),
    ];
    await new ImportRowResolver(managerBatch(), catalogue, null).resolve(rows);
    expect(rows[0]).toMatchObject({
      outcome: RowOutcome.DuplicateSuspect,
      targetId: achievement({}).id,
      similarity: 1,
    });
    expect(rows[0].reasons[0].reason).toContain('疑似重复，需技术经理人确认');
  });

  it('takes the search engine’s published records into account, and does without it when it fails', async () => {
    const hit: CatalogueRecordHit = {
      id: '10000000-0000-4000-8000-000000000009',
      title: '电池热失控预警',
      body: ABSTRACT,
      keywords: ['动力电池', '热失控', '预警'],
    };
    const engine: SimilarSource = { candidates: async (_kind, rows) => new Map(rows.map((r) => [r.key, [hit]])) };
    const down: SimilarSource = {
      candidates: async () => {
        throw new Error('search engine unreachable');
      },
    };
    const values = { title: '新能源电池安全监测平台', abstract: ABSTRACT, keywords: ['动力电池', '热失控', '预警'] };
    const withEngine = [row(values)];
    const withoutEngine = [row(values)];
    await new ImportRowResolver(managerBatch(), catalogue, engine).resolve(withEngine);
    await new ImportRowResolver(managerBatch(), catalogue, down).resolve(withoutEngine);
    expect(withEngine[0]).toMatchObject({ outcome: RowOutcome.DuplicateSuspect, targetId: hit.id });
    expect(withoutEngine[0].outcome).toBe(RowOutcome.New);
  });

  it('applies the registry’s edit rights: a university cannot change a transferred achievement', async () => {
    catalogue.achievements.push(achievement({ status: AchievementStatus.Transferred }));
    const rows = [row({ title: '动力电池热失控早期预警系统', abstract: '更新后的摘要。' }, null)];
    await new ImportRowResolver(universityBatch(), catalogue, null).resolve(rows);
    expect(rows[0].outcome).toBe(RowOutcome.Invalid);
    expect(rows[0].reasons[0].reason).toContain('已转化（已转让或许可），不能通过导入修改');
  });

  it('lets a university import its own institution’s records only', async () => {
    const rows = [row({ title: '激光雷达点云配准算法' }, '南京理工大学')];
    await new ImportRowResolver(universityBatch(), catalogue, null).resolve(rows);
    expect(rows[0].outcome).toBe(RowOutcome.Invalid);
    expect(rows[0].reasons).toEqual([{ column: '所属单位', reason: '只能导入本单位的成果' }]);
  });

  it('applies the registry’s budget rule to demands', async () => {
    const rows = [row({ title: '高端装备表面涂层耐磨性提升', budgetMin: 200, budgetMax: 50 }, '昆山精密制造有限公司')];
    await new ImportRowResolver(managerBatch('demands'), catalogue, null).resolve(rows);
    expect(rows[0].outcome).toBe(RowOutcome.Invalid);
    expect(rows[0].reasons).toEqual([{ column: '预算下限', reason: '预算下限不能高于上限' }]);
  });
});
