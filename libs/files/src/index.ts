export * from './csv';
export * from './export.service';
export * from './export-generator';
export * from './export-job.dto';
export * from './export-job.entity';
export * from './file-store.service';
export * from './files.entities';
export * from './files.module';
/** Builders of deliberately hostile xlsx files (zip bombs, huge sheets): the upload limits' tests and bench. */
export * as hostileXlsx from './hostile-xlsx';
export * from './stored-file.entity';
export * from './xlsx';
