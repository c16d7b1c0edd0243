import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum RowOutcome {
  New = 'new',
  Updated = 'updated',
  Unchanged = 'unchanged',
  DuplicateSuspect = 'duplicate_suspect',
  Invalid = 'invalid',
}

export const ROW_OUTCOME_LABELS: Record<RowOutcome, string> = {
  [RowOutcome.New]: '新增',
  [RowOutcome.Updated]: '更新',
  [RowOutcome.Unchanged]: '无变化',
  [RowOutcome.DuplicateSuspect]: '疑似重复',
  [RowOutcome.Invalid]: '有误',
};

export interface RowChange {
  field: string;
  column: string;
  before: unknown;
  after: unknown;
}

/**
 * One reason of a row. `recordId`: the reason concerns another organisation's record; `reason` is then the neutral
 * text, and readers who may see that record read it named (import-row.view.ts).
 */
export interface StoredReason {
  column: string;
  reason: string;
  recordId?: string;
}

/** The preview of one data row and, after commit, what became of it. */
@Entity('import_rows')
@Index('uq_import_rows_batch_row', ['batchId', 'rowNumber'], { unique: true })
@Index('ix_import_rows_batch_outcome', ['batchId', 'outcome', 'rowNumber'])
export class ImportRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  batchId: string;

  @Column({ type: 'integer' })
  rowNumber: number;

  @Column({ type: 'text' })
  outcome: RowOutcome;

  @Column({ type: 'text', nullable: true })
  naturalKey: string | null;

  /** The existing record (updated / unchanged) or the suspected original (duplicate_suspect); after commit, the record. */
  @Column({ type: 'uuid', nullable: true })
  targetId: string | null;

  @Column({ type: 'real', nullable: true })
  similarity: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: StoredReason[];

  /** Validated DTO fields plus the resolved organisation id. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** Field-level differences for updated rows. */
  @Column({ type: 'jsonb', nullable: true })
  changes: RowChange[] | null;

  /** The row as written in the file, [header, text] in column order, for the error report. */
  @Column({ type: 'jsonb' })
  cells: Array<[string, string]>;

  /** Set in the transaction that applied the row: a re-run commit job skips it. */
  @Column({ type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  /** Why an approved row was not applied at commit (catalogue changed since the preview). */
  @Column({ type: 'text', nullable: true })
  commitNote: string | null;
}
