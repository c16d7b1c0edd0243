import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IMPORT_KINDS, ImportKind } from '../../parsing/columns';
import { ImportStatus } from '../import-batch.entity';
import { RowOutcome } from '../import-row.entity';

/** The documented shapes of the import API's answers (what the console's generated client reads). */

export class ImportCountsDto {
  @ApiProperty({ description: '数据行数' })
  total: number;

  @ApiProperty({ description: '预览：新增' })
  new: number;

  @ApiProperty({ description: '预览：更新' })
  updated: number;

  @ApiProperty({ description: '预览：无变化' })
  unchanged: number;

  @ApiProperty({ description: '预览：疑似重复' })
  duplicateSuspect: number;

  @ApiProperty({ description: '预览：有误' })
  invalid: number;

  @ApiProperty({ description: '确认导入后：新建的记录数' })
  created: number;

  @ApiProperty({ description: '确认导入后：写入的行数（新建与更新）' })
  applied: number;

  @ApiProperty({ description: '确认导入后：因预览后目录变化而跳过的行数' })
  skipped: number;
}

export class ImportBatchResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: IMPORT_KINDS })
  kind: ImportKind;

  @ApiProperty({
    enum: ImportStatus,
    enumName: 'ImportStatus',
    description:
      'uploaded 已上传 → validating 校验中 → previewed 待确认 → committing 导入中 → committed 已导入；failed 失败',
  })
  status: ImportStatus;

  @ApiProperty()
  filename: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: '上传的文件（仅上传者本人与管理人员）' })
  fileId: string | null;

  @ApiProperty({ type: ImportCountsDto })
  counts: ImportCountsDto;

  @ApiProperty({ description: '当前步骤（校验或导入）的进度 0–1' })
  progress: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: '整个文件失败时的原因' })
  error: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  organisationId: string | null;

  @ApiProperty({ type: [String] })
  organisationIds: string[];

  @ApiProperty({ type: [Number], description: '确认导入的疑似重复行' })
  includedRows: number[];

  @ApiPropertyOptional({ nullable: true, type: String })
  createdById: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  previewedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  committedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  committedById: string | null;
}

export class ImportBatchPageDto {
  @ApiProperty({ type: [ImportBatchResponseDto] })
  items: ImportBatchResponseDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class ImportRowReasonDto {
  @ApiPropertyOptional({ type: String, description: '所在列（表头）；整行的问题为空' })
  column?: string;

  @ApiProperty({ description: '问题与改法' })
  reason: string;
}

export class ImportRowChangeDto {
  @ApiProperty()
  field: string;

  @ApiProperty({ description: '列名（表头）' })
  column: string;

  @ApiPropertyOptional({ description: '原值' })
  before: unknown;

  @ApiPropertyOptional({ description: '新值' })
  after: unknown;
}

export class ImportRowResponseDto {
  @ApiProperty({ description: '行号（与表格软件中一致）' })
  rowNumber: number;

  @ApiProperty({ enum: RowOutcome, enumName: 'RowOutcome' })
  outcome: RowOutcome;

  @ApiProperty({ example: '新增' })
  outcomeLabel: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  naturalKey: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '更新、无变化或疑似重复时对应的已有记录（仅当读者可见该记录）',
  })
  targetId: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: '疑似重复的相似度 0–1' })
  similarity: number | null;

  @ApiProperty({ type: [ImportRowReasonDto] })
  reasons: ImportRowReasonDto[];

  @ApiPropertyOptional({ nullable: true, type: [ImportRowChangeDto] })
  changes: ImportRowChangeDto[] | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '本行读出的字段' })
  data: Record<string, unknown>;

  @ApiProperty({ description: '已写入' })
  applied: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, description: '确认导入时未写入的原因' })
  commitNote: string | null;
}

export class ImportRowPageDto {
  @ApiProperty({ type: [ImportRowResponseDto] })
  items: ImportRowResponseDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
