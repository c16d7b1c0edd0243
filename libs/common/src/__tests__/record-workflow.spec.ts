import { EntityManager } from 'typeorm';

import { Actor, Role } from '../actor';
import { AppError } from '../app-error';
import { ErrorCode } from '../error-codes';
import { RecordKind, RecordStore, RecordWorkflow, Workflow } from '../record-workflow';

type Status = 'draft' | 'published' | 'closed';
type Action = 'publish' | 'close';

interface Note {
  id: string;
  version: number;
  status: Status;
  ownerId: string;
  title: string;
  body: string | null;
  publishedAt?: Date;
}

/** A small table stated here, independently of any record kind of the platform. */
const NOTE_WORKFLOW: Workflow<Status, Action> = {
  publish: { from: ['draft'], to: 'published', by: ['staff'], label: '发布' },
  close: { from: ['draft', 'published'], to: 'closed', by: ['staff', 'owner'], label: '关闭' },
};

const NOTE: RecordKind<Note, Status, Action> = {
  label: '记录',
  statusLabels: { draft: '草稿', published: '已发布', closed: '已关闭' },
  workflow: NOTE_WORKFLOW,
  editable: { owner: ['draft'], staff: ['draft', 'published'] },
  contentFields: ['title', 'body'],
  ownerOf: (note) => note.ownerId,
  readable: (actor, note) =>
    actor.role === Role.Manager || actor.organisationId === note.ownerId || note.status === 'published',
  toRow: (note) => ({ ...note }),
};

/** The store in memory: a saved row gets the next version, as TypeORM's @VersionColumn does. */
class MemoryStore implements RecordStore<Note> {
  readonly target = 'notes';
  readonly rows = new Map<string, Note>();
  saves = 0;

  async lockForUpdate(_manager: EntityManager, id: string): Promise<Note | null> {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  async save(_manager: EntityManager, row: Note): Promise<Note> {
    this.saves++;
    const saved = { ...row, version: row.version + 1 };
    this.rows.set(row.id, saved);
    return { ...saved };
  }
}

/** Only what the workflow asks of the transaction: the column metadata (for the null check). */
const manager = {
  connection: {
    getMetadata: () => ({
      findColumnWithPropertyName: (name: string) => ({ isNullable: name !== 'title' }),
    }),
  },
} as unknown as EntityManager;

const OWNER = 'org-1';
const owner: Actor = { userId: 'u-owner', role: Role.Enterprise, organisationId: OWNER };
const stranger: Actor = { userId: 'u-other', role: Role.Enterprise, organisationId: 'org-2' };
const staff: Actor = { userId: 'u-staff', role: Role.Manager, organisationId: null };

/** The error's stable code (and details): what every transport maps from. */
function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('record workflow', () => {
  let store: MemoryStore;
  let workflow: RecordWorkflow<Note, Status, Action>;
  const recorded: unknown[] = [];

  beforeEach(() => {
    store = new MemoryStore();
    store.rows.set('n1', {
      id: 'n1',
      version: 1,
      status: 'draft',
      ownerId: OWNER,
      title: '昆山产业链需求',
      body: null,
    });
    workflow = new RecordWorkflow(NOTE, store);
    recorded.length = 0;
  });

  const record = async (...args: unknown[]) => void recorded.push(args);

  it('edits: saves the changed fields, records their before/after and returns their names', async () => {
    const changed = await workflow.edit(
      manager,
      owner,
      'n1',
      1,
      { title: '昆山重点产业链需求', body: null },
      { record },
    );
    expect(changed).toEqual(['title']);
    expect(store.rows.get('n1')).toMatchObject({ title: '昆山重点产业链需求', version: 2 });
    expect(recorded).toEqual([
      [expect.objectContaining({ version: 2 }), expect.objectContaining({ before: { title: '昆山产业链需求' } })],
    ]);
  });

  it('writes nothing and records nothing when nothing changes', async () => {
    expect(await workflow.edit(manager, owner, 'n1', 1, { title: '昆山产业链需求' }, { record })).toEqual([]);
    expect(store.saves).toBe(0);
    expect(recorded).toEqual([]);
  });

  it('refuses a stale version (STALE_VERSION) before any check of the content', async () => {
    const error = await workflow.edit(manager, owner, 'n1', 7, { title: null } as never, { record }).catch((e) => e);
    expect(codeOf(error)).toBe(ErrorCode.STALE_VERSION);
  });

  it('refuses null for a required column (VALIDATION_FAILED naming the field)', async () => {
    const error = await workflow.edit(manager, owner, 'n1', 1, { title: null } as never, { record }).catch((e) => e);
    expect(codeOf(error)).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.details).toEqual([{ field: 'title', reason: '不能为空' }]);
  });

  it('lets each party edit in its own statuses only (NOT_EDITABLE)', async () => {
    store.rows.set('n1', { ...store.rows.get('n1')!, status: 'published' });
    const error = await workflow.edit(manager, owner, 'n1', 1, { body: '补充说明' }, { record }).catch((e) => e);
    expect(codeOf(error)).toBe(ErrorCode.NOT_EDITABLE);
    expect(error.message).toBe('记录处于“已发布”状态，不能修改');
    expect(await workflow.edit(manager, staff, 'n1', 1, { body: '补充说明' }, { record })).toEqual(['body']);
  });

  it('hides what the actor may not see (NOT_FOUND), and a missing row alike', async () => {
    for (const [actor, id] of [
      [stranger, 'n1'],
      [staff, 'missing'],
    ] as const) {
      const error = await workflow.transition(manager, actor, id, 'close', undefined, { record }).catch((e) => e);
      expect(codeOf(error)).toBe(ErrorCode.NOT_FOUND);
    }
  });

  it('fires a transition of the table: rights (FORBIDDEN), source status (ILLEGAL_TRANSITION), then saves and records', async () => {
    const forbidden = await workflow.transition(manager, owner, 'n1', 'publish', 1, { record }).catch((e) => e);
    expect(codeOf(forbidden)).toBe(ErrorCode.FORBIDDEN);
    const at = new Date('2026-01-05T08:00:00Z');
    const to = await workflow.transition(manager, staff, 'n1', 'publish', 1, {
      apply: (row) => void (row.publishedAt = at),
      record,
    });
    expect(to).toBe('published');
    expect(store.rows.get('n1')).toMatchObject({ status: 'published', publishedAt: at, version: 2 });
    expect(recorded).toEqual([[expect.objectContaining({ status: 'published' }), 'draft', 'published']]);
    const illegal = await workflow.transition(manager, staff, 'n1', 'publish', 2, { record }).catch((e) => e);
    expect(codeOf(illegal)).toBe(ErrorCode.ILLEGAL_TRANSITION);
  });
});
