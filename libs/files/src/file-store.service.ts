import { createHash } from 'node:crypto';

import { Actor, AppError, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(input: NewFile, manager: EntityManager = this.dataSource.manager): Promise<StoredFile> {
    const row = manager.create(StoredFile, {
      ...input,
      size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
    });
    const saved = await manager.save(row);
    const { content: _content, ...meta } = saved;
    return meta as StoredFile;
  }

  async meta(id: string): Promise<StoredFile | null> {
    return this.dataSource.getRepository(StoredFile).findOneBy({ id });
  }

  async read(id: string): Promise<{ file: StoredFile; content: Buffer }> {
    const file = await this.dataSource
      .getRepository(StoredFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.id = :id', { id })
      .getOne();
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
