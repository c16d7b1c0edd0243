import { ApiProperty } from '@nestjs/swagger';

/** An export job as the API answers it (ExportJobView), for the OpenAPI document. */
export class ExportJobDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'indicators.report.xlsx' })
  kind: string;

  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] })
  status: string;

  @ApiProperty({ example: '已完成' })
  statusLabel: string;

  @ApiProperty({ description: '0–1' })
  progress: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, nullable: true })
  filename: string | null;

  @ApiProperty({ type: String, nullable: true })
  downloadUrl: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
