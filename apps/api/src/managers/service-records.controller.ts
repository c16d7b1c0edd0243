import { CurrentActor, Roles } from '@app/auth';
import { Actor, AppError, Role } from '@app/common';
import { ExportJobResponseDto, ExportService } from '@app/files';
import {
  CreateServiceRecordDto,
  DEMAND_LIST_EXPORT_KIND,
  DemandListDto,
  DemandListService,
  LinkNeedDto,
  RemoveServiceRecordDto,
  ServiceRecordPageDto,
  ServiceRecordQueryDto,
  ServiceRecordResponseDto,
  ServiceRecordService,
  UnlinkNeedDto,
  UpdateServiceRecordDto,
} from '@app/managers';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
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
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { downloadHeaders } from '../files/content-disposition';
import { evidenceContentType, singleFileUpload, UploadTooLargeFilter } from '../files/upload-limits';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('service-records')
export class ServiceRecordsController {
  constructor(private readonly records: ServiceRecordService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({
    summary: '登记服务记录：走访、电话沟通、技术路线图研讨、需求挖掘（含挖掘的需求）、合作协议签署',
    description: '技术经理人登记本人的记录；管理员代录时指定 managerProfileId。服务日期不晚于今天。',
  })
  @ApiCreatedResponse({ type: ServiceRecordResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateServiceRecordDto) {
    return this.records.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '服务记录（平台人员看全部；企业、高校用户只看到本单位的）' })
  @ApiOkResponse({ type: ServiceRecordPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ServiceRecordQueryDto) {
    return this.records.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.records.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOperation({ summary: '修改服务记录（记录的技术经理人或管理员）' })
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateServiceRecordDto,
  ) {
    return this.records.update(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/remove')
  @HttpCode(200)
  @ApiOperation({ summary: '删除服务记录（保留痕迹，不再计入统计；须填写原因）' })
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RemoveServiceRecordDto,
  ) {
    return this.records.remove(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/attachment')
  @HttpCode(200)
  @ApiOperation({ summary: '上传附件（multipart 字段 file），如签署的合作协议；再次上传替换' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload()))
  attach(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    if (!file) throw AppError.invalid([{ field: 'file', reason: '缺少文件' }], '请上传附件文件');
    // multer reads names as latin1; browsers send UTF-8
    const originalname = Buffer.from(file.originalname, 'latin1').toString('utf8');
    return this.records.attach(actor, id, {
      originalname,
      mimetype: evidenceContentType(file.buffer),
      buffer: file.buffer,
    });
  }

  @Get(':id/attachment')
  @ApiOperation({ summary: '下载附件（可读该记录的用户）' })
  @ApiProduces('application/octet-stream')
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { file, content } = await this.records.attachment(actor, id);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(content);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/needs/:needId/link')
  @HttpCode(200)
  @ApiOperation({ summary: '将挖掘的需求关联到其登记后形成的技术需求（同一企业）' })
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  link(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('needId', new ParseUUIDPipe()) needId: string,
    @Body() dto: LinkNeedDto,
  ) {
    return this.records.linkNeed(actor, id, needId, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/needs/:needId/unlink')
  @HttpCode(200)
  @ApiOperation({ summary: '取消关联' })
  @ApiOkResponse({ type: ServiceRecordResponseDto })
  unlink(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('needId', new ParseUUIDPipe()) needId: string,
    @Body() dto: UnlinkNeedDto,
  ) {
    return this.records.unlinkNeed(actor, id, needId, dto);
  }
}

@ApiTags('managers')
@ApiBearerAuth()
@Controller('demand-lists')
export class DemandListsController {
  constructor(
    private readonly lists: DemandListService,
    private readonly exports: ExportService,
  ) {}

  @Get(':organisationId')
  @ApiOperation({ summary: '龙头企业需求清单：企业的技术需求 + 服务中挖掘、尚未登记的需求（平台人员与企业本身）' })
  @ApiOkResponse({ type: DemandListDto })
  get(@CurrentActor() actor: Actor, @Param('organisationId', new ParseUUIDPipe()) organisationId: string) {
    return this.lists.get(actor, organisationId);
  }

  @Post(':organisationId/export')
  @HttpCode(202)
  @ApiOperation({
    summary: '导出需求清单（xlsx）为导出任务',
    description: '轮询 GET /exports/:id，完成后下载。',
  })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  export(@CurrentActor() actor: Actor, @Param('organisationId', new ParseUUIDPipe()) organisationId: string) {
    return this.exports.request(actor, DEMAND_LIST_EXPORT_KIND, { organisationId });
  }
}
