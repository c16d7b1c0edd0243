import { Actor } from '@app/common';
import { SetMetadata } from '@nestjs/common';

export const EXPORT_KIND_METADATA = 'zcz:export-kind';

export interface GeneratedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * One kind of downloadable export. `authorize` runs when it is requested (a refusal is the request's error) and
 * again in the job (rights may have changed since); `generate` builds the file from PostgreSQL.
 */
export interface ExportGenerator<P = Record<string, unknown>> {
  authorize(actor: Actor, params: P): Promise<void>;
  generate(params: P, actor: Actor, progress: (ratio: number) => Promise<void>): Promise<GeneratedFile>;
}

/** Marks a provider as the generator of an export kind (e.g. `indicators.report.xlsx`). */
export const ExportKind = (kind: string): ClassDecorator => SetMetadata(EXPORT_KIND_METADATA, kind);

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const PDF_CONTENT_TYPE = 'application/pdf';
