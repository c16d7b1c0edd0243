import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ExportStatus } from './export-job.entity';

/** An export job as `GET /exports/:id` and the export requests answer it (poll until done, then download). */
export class ExportJobResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '导出类型，如 institution.profile.xlsx' })
  kind: string;

  @ApiProperty({
    enum: ExportStatus,
    enumName: 'ExportStatus',
    description: 'queued 排队中 / running 生成中 / done 已完成 / failed 失败',
  })
  status: ExportStatus;

  @ApiProperty({ example: '生成中' })
  statusLabel: string;

  @ApiProperty({ description: '进度 0–1' })
  progress: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  error: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  fileId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  filename: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  finishedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '完成后的下载地址' })
  downloadUrl: string | null;
}
