import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { ExportJob, ExportStatus } from './export-job.entity';
import { StoredFile } from './stored-file.entity';

/** The `stored_files` table (the content column is read only on demand). */
@Injectable()
export class StoredFileRepository extends EntityRepository<StoredFile> {
  constructor(@InjectRepository(StoredFile) repository: Repository<StoredFile>) {
    super(repository);
  }

  /** The file with its content. */
  findWithContent(id: string): Promise<StoredFile | null> {
    return this.repository.createQueryBuilder('f').addSelect('f.content').where('f.id = :id', { id }).getOne();
  }
}

/** The `export_jobs` table. */
@Injectable()
export class ExportJobRepository extends EntityRepository<ExportJob> {
  constructor(@InjectRepository(ExportJob) repository: Repository<ExportJob>) {
    super(repository);
  }

  async patch(id: string, changes: QueryDeepPartialEntity<ExportJob>, manager?: EntityManager): Promise<void> {
    await this.of(manager).update(id, changes);
  }

  /** Changes the job only while it is in one of these statuses (a finished export is never overwritten). */
  async patchWhileIn(id: string, statuses: ExportStatus[], changes: QueryDeepPartialEntity<ExportJob>): Promise<void> {
    await this.repository.update({ id, status: In(statuses) }, changes);
  }

  /** A transaction of its own, for a finished export's file and job row (no domain event: nothing to relay). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.repository.manager.transaction(work);
  }
}
