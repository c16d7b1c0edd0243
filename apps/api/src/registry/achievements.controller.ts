import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  ACHIEVEMENT_LIST_FILTERS,
  ListQueryUnderstandingService,
  WorkspaceAchievementPageDto,
  WorkspaceAchievementQueryDto,
} from '@app/matching';
import {
  ACHIEVEMENT_ACTIONS,
  AchievementAction,
  AchievementResponseDto,
  AchievementService,
  AchievementTransitionDto,
  BULK_PUBLISH_MAX,
  BulkPublishAchievementsDto,
  BulkPublishResultDto,
  CreateAchievementDto,
  UpdateAchievementDto,
} from '@app/registry';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

@ApiTags('achievements')
@ApiBearerAuth()
@Controller('achievements')
export class AchievementsController {
  constructor(
    private readonly achievements: AchievementService,
    private readonly understanding: ListQueryUnderstandingService,
  ) {}

  @Roles(Role.University, Role.Manager, Role.Admin)
  @Post()
  @ApiOperation({ summary: 'Add an achievement to the catalogue (draft)' })
  @ApiCreatedResponse({ type: AchievementResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAchievementDto) {
    return this.achievements.create(actor, dto);
  }

  @Roles(Role.Manager, Role.Admin)
  @Post('bulk-publish')
  @HttpCode(200)
  @ApiOperation({
    summary: `批量发布成果（技术经理人、管理员；每次最多 ${BULK_PUBLISH_MAX} 条）`,
    description:
      '每条成果单独按发布流程校验、单独提交并记录 achievement.published 事件；部分失败时仍返回 200，' +
      '逐条给出 {id, ok, code?, message?}，失败的记录保持原状。',
  })
  @ApiOkResponse({ type: BulkPublishResultDto })
  bulkPublish(@CurrentActor() actor: Actor, @Body() dto: BulkPublishAchievementsDto): Promise<BulkPublishResultDto> {
    return this.achievements.bulkPublish(actor, dto.ids);
  }

  @Get()
  @ApiOperation({
    summary: 'Staff: the whole catalogue; institutions: their own',
    description:
      'q 可为自然问句：识别出的产业链、机构、成熟度、转化方式作为本列表的筛选条件应用并在 understood 中返回。',
  })
  @ApiOkResponse({ type: WorkspaceAchievementPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: WorkspaceAchievementQueryDto) {
    return this.understanding.list(query, ACHIEVEMENT_LIST_FILTERS, (q) => this.achievements.list(actor, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: AchievementResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.achievements.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AchievementResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAchievementDto,
  ) {
    return this.achievements.update(actor, id, dto);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ACHIEVEMENT_ACTIONS })
  @ApiOperation({
    summary: 'Workflow: submit, recall, return, publish, withdraw, transfer (409 when illegal)',
    description: 'return（退回修改，平台人员）须填 reason，作为 lastReturn 展示给成果所属单位，并通知该单位的用户。',
  })
  @ApiOkResponse({ type: AchievementResponseDto })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(ACHIEVEMENT_ACTIONS.map((a) => [a, a]))))
    action: AchievementAction,
    @Body() dto: AchievementTransitionDto,
  ) {
    return this.achievements.transition(actor, id, action, dto);
  }
}
