import { CurrentActor } from '@app/auth';
import { Actor } from '@app/common';
import { ExportJobDto, ExportService, FileStore } from '@app/files';
import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { downloadHeaders } from './content-disposition';

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    private readonly exports: ExportService,
    private readonly files: FileStore,
  ) {}

  @Get('exports/:id')
  @ApiOperation({ summary: '导出任务状态（进度、下载地址）' })
  @ApiOkResponse({ type: ExportJobDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.exports.get(actor, id);
  }

  @Get('exports/:id/download')
  @ApiOperation({ summary: '下载已生成的导出文件' })
  @ApiProduces('application/octet-stream')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.download(actor, id);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(file.content);
  }

  @Get('files/:id')
  @ApiOperation({ summary: '下载文件（上传者本人或管理人员）' })
  @ApiProduces('application/octet-stream')
  async file(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, content } = await this.files.readFor(actor, id);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(content);
  }
}
