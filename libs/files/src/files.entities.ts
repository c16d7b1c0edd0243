import { ExportJob } from './export-job.entity';
import { StoredFile } from './stored-file.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const FILES_ENTITIES = [StoredFile, ExportJob];
