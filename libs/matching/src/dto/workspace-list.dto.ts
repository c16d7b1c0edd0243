import { AchievementPageDto, AchievementQueryDto, DemandPageDto, DemandQueryDto } from '@app/registry';
import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

import { ListFilterParams } from '../query/list-query-understanding.service';
import { QueryUnderstandingDto } from './search.dto';

/** The workspace achievement list's own filters that an understood question fills. */
export const ACHIEVEMENT_LIST_FILTERS: ListFilterParams<AchievementQueryDto> = {
  chain: 'chain',
  institution: 'institutionId',
  stage: 'stage',
  cooperationMode: 'transferMode',
};

/** The workspace demand list's own filters that an understood question fills. */
export const DEMAND_LIST_FILTERS: ListFilterParams<DemandQueryDto> = {
  chain: 'chain',
  stage: 'stage',
  cooperationMode: 'cooperationMode',
  district: 'region',
};

const UNDERSTAND_DESCRIPTION =
  'Read filters out of a natural question in `q` (as the public search does) and apply them as this list’s own ' +
  'filters, searching the rest as text; false: search `q` as typed. Explicit filter parameters win.';

/** `understand=true|false|1|0` from the query string. */
const ToBoolean = () =>
  Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  );

export class WorkspaceAchievementQueryDto extends AchievementQueryDto {
  @ApiPropertyOptional({ default: true, description: UNDERSTAND_DESCRIPTION })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  understand?: boolean;
}

export class WorkspaceDemandQueryDto extends DemandQueryDto {
  @ApiPropertyOptional({ default: true, description: UNDERSTAND_DESCRIPTION })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  understand?: boolean;
}

/** Published under the list's existing schema name: `understood` is an additive field for its clients. */
@ApiSchema({ name: 'AchievementPageDto' })
export class WorkspaceAchievementPageDto extends AchievementPageDto {
  @ApiPropertyOptional({
    type: QueryUnderstandingDto,
    nullable: true,
    description: '从问句中识别出的条件（已作为本列表的筛选条件应用，可移除）；未传 q 或 understand=false 时为 null',
  })
  understood?: QueryUnderstandingDto | null;
}

@ApiSchema({ name: 'DemandPageDto' })
export class WorkspaceDemandPageDto extends DemandPageDto {
  @ApiPropertyOptional({
    type: QueryUnderstandingDto,
    nullable: true,
    description: '从问句中识别出的条件（已作为本列表的筛选条件应用，可移除）；未传 q 或 understand=false 时为 null',
  })
  understood?: QueryUnderstandingDto | null;
}
