import { AchievementResponseDto, OrganisationResponseDto } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The documented shape of 一校一档 (`GET /organisations/:id/profile`). */

export class InstitutionStatsDto {
  @ApiProperty({ description: '成果总数' })
  achievements: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: '按状态的成果数（draft/submitted/published/transferred/withdrawn）',
  })
  byStatus: Record<string, number>;

  @ApiProperty({ description: '精准匹配（曾确认）的对接数' })
  matches: number;

  @ApiProperty({ description: '已签约的对接数' })
  contracts: number;

  @ApiProperty({ description: '参与的产学研活动数' })
  activities: number;
}

export class InstitutionContactDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  phone: string | null;

  @ApiProperty()
  role: string;
}

export class InstitutionEventDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '事件类型，如 achievement.published' })
  type: string;

  @ApiProperty({ description: '中文事项' })
  label: string;

  @ApiProperty()
  entityType: string;

  @ApiProperty()
  entityId: string;

  @ApiProperty({ description: '对象（成果名称、文件名或单位名称）' })
  object: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: Date;
}

export class InstitutionMatchDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '对接阶段：confirmed / contacted / negotiating / contracted / rejected' })
  status: string;

  @ApiProperty({ example: '精准匹配' })
  statusLabel: string;

  @ApiProperty({ description: '匹配度（本单位读者看到的价格因素为中性值）' })
  score: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  achievementId: string | null;

  @ApiProperty({ description: '本单位成果' })
  achievementTitle: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  demandId: string | null;

  @ApiProperty({ description: '企业需求' })
  demandTitle: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: '需求企业' })
  enterpriseName: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '确认为精准匹配的时间' })
  confirmedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '签约日期' })
  contractedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: '合同金额（万元），双方签订的金额' })
  contractAmount: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '合同的合作方式（中文）' })
  contractModeLabel: string | null;
}

export class InstitutionActivityDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  kind: string;

  @ApiProperty({ example: '百校群英荟' })
  kindLabel: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ example: '已举办' })
  statusLabel: string;

  @ApiProperty({ type: String, format: 'date-time' })
  scheduledAt: Date;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  heldAt: Date | null;

  @ApiProperty()
  place: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  organiserName: string | null;

  @ApiProperty({ description: '本单位是否到场（举办后）' })
  attended: boolean;
}

export class InstitutionProfileResponseDto {
  @ApiProperty({ type: OrganisationResponseDto })
  organisation: OrganisationResponseDto;

  @ApiProperty({ type: InstitutionStatsDto })
  stats: InstitutionStatsDto;

  @ApiProperty({ type: [AchievementResponseDto] })
  achievements: AchievementResponseDto[];

  @ApiProperty({ type: [InstitutionContactDto] })
  contacts: InstitutionContactDto[];

  @ApiProperty({ type: [InstitutionMatchDto], description: '精准匹配的对接（含签约）' })
  matches: InstitutionMatchDto[];

  @ApiProperty({ type: [InstitutionMatchDto], description: '已签约的对接' })
  contracts: InstitutionMatchDto[];

  @ApiProperty({ type: [InstitutionActivityDto], description: '参与的产学研活动' })
  activities: InstitutionActivityDto[];

  @ApiProperty({ type: [InstitutionEventDto], description: '近期动态' })
  activity: InstitutionEventDto[];
}
