import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a stored file is for: uploads to import, generated exports, evidence attached to a report. */
export enum FilePurpose {
  ImportUpload = 'import_upload',
  Export = 'export',
  Evidence = 'evidence',
  /** Attached to a record of a context (a bid's files, a milestone's evidence); read under that record's rules. */
  Attachment = 'attachment',
}

/**
 * A file kept in PostgreSQL, the source of truth: API and worker may run on different machines, and a file lives
 * and dies with the records that refer to it (backups included). Sizes are bounded by the upload limit.
 */
@Entity('stored_files')
@Index('ix_stored_files_created_by', ['createdById', 'createdAt'])
export class StoredFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  purpose: FilePurpose;

  @Column({ type: 'text' })
  filename: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
