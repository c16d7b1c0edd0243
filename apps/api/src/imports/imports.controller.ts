import { CurrentActor, Roles } from '@app/auth';
import { Actor, AppError, PageQueryDto, Role } from '@app/common';
import { CSV_CONTENT_TYPE, ExportJobResponseDto, ExportService, XLSX_CONTENT_TYPE } from '@app/files';
import {
  IMPORT_KINDS,
  ImportBatchPageDto,
  ImportBatchResponseDto,
  ImportKind,
  ImportRowPageDto,
  ImportService,
  INSTITUTION_PROFILE_EXPORT,
  KIND_LABELS,
  RowOutcome,
} from '@app/imports';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';

import { downloadHeaders } from '../files/content-disposition';
import { singleFileUpload, uploadedFileName, UploadTooLargeFilter } from '../files/upload-limits';

export class ImportUploadDto {
  @IsIn(IMPORT_KINDS)
  kind: ImportKind;

  @ApiPropertyOptional({ description: 'Institution of every row, for files without a 所属单位 column' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class ImportRowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RowOutcome })
  @IsOptional()
  @IsEnum(RowOutcome)
  outcome?: RowOutcome;
}

export class ImportCommitDto {
  @ApiPropertyOptional({
    description: 'Duplicate-suspect rows (row numbers) to import anyway (staff, or a university in its own file)',
    type: [Number],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50000)
  @IsInt({ each: true })
  includeRows?: number[];
}

export class ImportReportQueryDto {
  @ApiPropertyOptional({ description: 'Every row, not only the invalid and suspect ones', default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  all?: boolean;
}

/** busboy reads part filenames as latin1; browsers send UTF-8 (Chinese file names). */
const TEMPLATE_FILES = ['achievements.xlsx', 'demands.xlsx', 'achievements.csv', 'demands.csv'];

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly exports: ExportService,
  ) {}

  @Roles(Role.Admin, Role.Manager, Role.University)
  @Get('imports/templates/:file')
  @ApiOperation({ summary: '导入模板（中文表头、示例行、填写说明）: achievements|demands .xlsx|.csv' })
  @ApiProduces(XLSX_CONTENT_TYPE, CSV_CONTENT_TYPE)
  async template(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    if (!TEMPLATE_FILES.includes(file)) throw AppError.notFound('模板', file);
    const [kind, ext] = file.split('.') as [ImportKind, 'xlsx' | 'csv'];
    const content = await this.imports.template(kind, ext);
    res.set(
      downloadHeaders(`${KIND_LABELS[kind]}导入模板.${ext}`, ext === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE),
    );
    return new StreamableFile(content);
  }

  @Roles(Role.Admin, Role.Manager, Role.University)
  @Post('imports')
  @HttpCode(202)
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload()))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: IMPORT_KINDS },
        organisationId: { type: 'string', format: 'uuid' },
      },
    },
  })
  @ApiOperation({ summary: '上传 xlsx/csv：校验表头后开始校验与预览任务（202），不写入成果或需求' })
  @ApiAcceptedResponse({ type: ImportBatchResponseDto })
  upload(
    @CurrentActor() actor: Actor,
    @Body() dto: ImportUploadDto,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    if (!file) {
      throw AppError.invalidField('file', '必填');
    }
    return this.imports.upload(actor, {
      kind: dto.kind,
      organisationId: dto.organisationId,
      filename: uploadedFileName(file.originalname),
      content: file.buffer,
    });
  }

  @Roles(Role.Admin, Role.Manager, Role.University)
  @Get('imports')
  @ApiOperation({ summary: '导入批次列表' })
  @ApiOkResponse({ type: ImportBatchPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto) {
    return this.imports.list(actor, query);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: '批次状态、进度与预览计数（新增/更新/无变化/疑似重复/有误）' })
  @ApiOkResponse({ type: ImportBatchResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @Get('imports/:id/rows')
  @ApiOperation({ summary: '逐行预览结果（可按结果筛选），含原因与字段差异' })
  @ApiOkResponse({ type: ImportRowPageDto })
  rows(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: ImportRowsQueryDto) {
    return this.imports.rows(actor, id, query);
  }

  @Post('imports/:id/commit')
  @HttpCode(202)
  @ApiOperation({
    summary:
      '确认导入：新增与更新行写入（疑似重复行仅在 includeRows 中列出时写入；技术经理人，或高校院所确认本单位文件）',
  })
  @ApiAcceptedResponse({ type: ImportBatchResponseDto })
  commit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ImportCommitDto) {
    return this.imports.commit(actor, id, dto.includeRows ?? []);
  }

  @Get('imports/:id/report')
  @ApiOperation({ summary: '逐行结果报告 xlsx：原文件各列 + 行号/结果/原因（默认仅有误与疑似重复行）' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async report(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportReportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { filename, content } = await this.imports.report(actor, id, query.all ?? false);
    res.set(downloadHeaders(filename, XLSX_CONTENT_TYPE));
    return new StreamableFile(content);
  }

  @Post('organisations/:id/profile/export')
  @HttpCode(202)
  @ApiOperation({
    summary: '一校一档导出 xlsx（成果、精准匹配、签约、活动、联系人、导入记录、近期动态），返回导出任务',
  })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  exportProfile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.exports.request(actor, INSTITUTION_PROFILE_EXPORT, { organisationId: id });
  }
}
