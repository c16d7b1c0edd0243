import { createHash } from 'node:crypto';

import { Actor, AppError, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { StoredFileRepository } from './file.repositories';
import { FilePurpose, StoredFile } from './stored-file.entity';

export interface NewFile {
  purpose: FilePurpose;
  filename: string;
  contentType: string;
  content: Buffer;
  createdById: string | null;
}

@Injectable()
export class FileStore {
  constructor(private readonly files: StoredFileRepository) {}

  /** Stores a file, inside the caller's transaction when given its manager. */
  async save(input: NewFile, manager?: EntityManager): Promise<StoredFile> {
    const row = this.files.create({
      ...input,
      size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
    });
    const saved = await this.files.save(manager, row);
    const { content: _content, ...meta } = saved;
    return meta as StoredFile;
  }

  async meta(id: string): Promise<StoredFile | null> {
    return this.files.findById(id);
  }

  async read(id: string): Promise<{ file: StoredFile; content: Buffer }> {
    const file = await this.files.findWithContent(id);
    if (!file) throw AppError.notFound('文件', id);
    const { content, ...meta } = file;
    return { file: meta as StoredFile, content };
  }

  /** A file is readable by whoever stored it and by staff; features with wider rules check before calling. */
  async readFor(actor: Actor, id: string): Promise<{ file: StoredFile; content: Buffer }> {
    const meta = await this.meta(id);
    if (!meta || (!isStaff(actor) && meta.createdById !== actor.userId)) throw AppError.notFound('文件', id);
    return this.read(id);
  }
}
