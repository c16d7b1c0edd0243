import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ExportStatus } from './export-job.entity';

/** An export job as GET /exports/:id and the export requests return it (poll until done, then download). */
export class ExportJobDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '导出类型', example: 'activity.match-list.pdf' }) kind: string;
  @ApiProperty({ enum: ExportStatus }) status: ExportStatus;
  @ApiProperty({ description: '状态（中文）', example: '生成中' }) statusLabel: string;
  @ApiProperty({ description: '进度 0–1' }) progress: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: '失败原因' }) error: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) fileId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '文件名' }) filename: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) finishedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '下载地址（完成后）' }) downloadUrl: string | null;
}
