import { BaseEntity } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import type { ImportKind } from '../parsing/columns';

export enum ImportStatus {
  Uploaded = 'uploaded',
  Validating = 'validating',
  Previewed = 'previewed',
  Committing = 'committing',
  Committed = 'committed',
  Failed = 'failed',
}

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  [ImportStatus.Uploaded]: '已上传',
  [ImportStatus.Validating]: '校验中',
  [ImportStatus.Previewed]: '待确认',
  [ImportStatus.Committing]: '导入中',
  [ImportStatus.Committed]: '已导入',
  [ImportStatus.Failed]: '失败',
};

export interface ImportCounts {
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicateSuspect: number;
  invalid: number;
  /** After commit: records created / updated / rows skipped because the catalogue changed since the preview. */
  created: number;
  applied: number;
  skipped: number;
}

export const EMPTY_COUNTS: ImportCounts = {
  total: 0,
  new: 0,
  updated: 0,
  unchanged: 0,
  duplicateSuspect: 0,
  invalid: 0,
  created: 0,
  applied: 0,
  skipped: 0,
};

/** One uploaded file going through validate → preview → commit. */
@Entity('import_batches')
@Index('ix_import_batches_created', ['createdAt'])
export class ImportBatch extends BaseEntity {
  @Column({ type: 'text' })
  kind: ImportKind;

  @Column({ type: 'text', default: ImportStatus.Uploaded })
  status: ImportStatus;

  @Column({ type: 'text' })
  filename: string;

  /** The upload in stored_files. */
  @Column({ type: 'uuid' })
  fileId: string;

  /** Set from EMPTY_COUNTS at upload (a jsonb column default would show as a perpetual schema difference). */
  @Column({ type: 'jsonb' })
  counts: ImportCounts;

  /** 0–1 of the running step (validation, then commit). */
  @Column({ type: 'real', default: 0 })
  progress: number;

  /** Chinese message when the whole file failed (unreadable, missing columns). */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Organisation given at upload for files without a 所属单位 column. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  /** Every organisation the rows belong to (一校一档 lists an institution's imports). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organisationIds: string[];

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'text' })
  createdByRole: string;

  @Column({ type: 'uuid', nullable: true })
  createdByOrganisationId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previewedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  committedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  committedById: string | null;

  @Column({ type: 'text', nullable: true })
  committedByRole: string | null;

  /** Duplicate-suspect rows a manager chose to import anyway (row numbers). */
  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  includedRows: number[];

  @VersionColumn()
  version: number;
}
