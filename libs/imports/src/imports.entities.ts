import { ImportBatch } from './batch/import-batch.entity';
import { ImportRow } from './batch/import-row.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const IMPORTS_ENTITIES = [ImportBatch, ImportRow];
