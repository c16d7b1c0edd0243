import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { AchievementStatus, CooperationMode, IpStatus, IpType, MaturityStage } from '../../domain';
import { CleanStringArray, QueryArray, Trim } from '../../dto-helpers';
import { RecordReturnDto } from '../../record-return';

/** ZL 2023 1 0123456.7 / cn202310123456.7 → CN202310123456.7 */
export function normalisePatentNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase().replace(/^ZL/, 'CN');
}

export class AchievementFieldsDto {
  @ApiProperty({ example: '基于柔性齿形修形的高精度谐波减速器' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({ example: '提出一种双圆弧柔性齿形修形方法，回差小于 8 弧秒，已完成样机与 5000 小时寿命试验。' })
  @Trim()
  @IsString()
  @MinLength(20)
  @MaxLength(10000)
  abstract: string;

  @ApiPropertyOptional({ example: ['谐波减速器', '齿形修形'] })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  keywords?: string[];

  @ApiPropertyOptional({ example: '张教授团队（机械工程学院）' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  team?: string;

  @ApiPropertyOptional({ type: [String], description: 'Industry chain ids (0–5)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @Nullable()
  @ApiPropertyOptional({ minimum: 1, maximum: 9 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  trl?: number;

  @Nullable()
  @ApiPropertyOptional({ enum: MaturityStage, description: '实验室/小试/中试/产业化; derived from trl when omitted' })
  @IsOptional()
  @IsEnum(MaturityStage)
  stage?: MaturityStage;

  @Nullable()
  @ApiPropertyOptional({ enum: IpType })
  @IsOptional()
  @IsEnum(IpType)
  ipType?: IpType;

  @Nullable()
  @ApiPropertyOptional({ enum: IpStatus })
  @IsOptional()
  @IsEnum(IpStatus)
  ipStatus?: IpStatus;

  @ApiPropertyOptional({ example: ['CN202310123456.7'] })
  @IsOptional()
  @Transform(({ value }) =>
    Array.isArray(value)
      ? [...new Set(value.map((v) => (typeof v === 'string' ? normalisePatentNumber(v) : v)))]
      : value,
  )
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z]{2}[0-9A-Z.]{5,20}$/, { each: true })
  patentNumbers?: string[];

  @ApiPropertyOptional({ enum: CooperationMode, isArray: true })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(CooperationMode, { each: true })
  transferModes?: CooperationMode[];

  @Nullable()
  @ApiPropertyOptional({ description: '意向价格（万元）; omit for 面议', example: 80 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  askingPrice?: number;

  @ApiPropertyOptional({ example: '协作机器人关节、精密转台' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  applicationScenarios?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '张老师' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  contactName?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  contactPhone?: string;

  @Nullable()
  @ApiPropertyOptional({ example: 'zhang@example.edu.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(100)
  contactEmail?: string;
}

export class CreateAchievementDto extends AchievementFieldsDto {
  @ApiPropertyOptional({ description: 'Holder institution (university/institute); staff must give it' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class UpdateAchievementDto extends PartialType(OmitType(CreateAchievementDto, ['institutionId'] as const)) {
  @ApiProperty({ description: 'Version read with the record (optimistic locking)' })
  @IsInt()
  version: number;
}

export class AchievementTransitionDto {
  @ApiPropertyOptional({ description: '原因（退回修改时必填，成果所属单位可见）', example: '请补充专利号与应用场景' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

/** The most records one bulk publish may carry (each is its own transaction and event). */
export const BULK_PUBLISH_MAX = 200;

export class BulkPublishAchievementsDto {
  @ApiProperty({
    type: [String],
    description: `要发布的成果 id（1–${BULK_PUBLISH_MAX} 个，不可重复）；每条单独按发布流程校验、单独记录事件`,
    minItems: 1,
    maxItems: BULK_PUBLISH_MAX,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_PUBLISH_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

export class BulkPublishItemDto {
  @ApiProperty({ description: '成果 id' })
  id: string;

  @ApiProperty({ description: '是否已发布成功' })
  ok: boolean;

  @ApiPropertyOptional({ enum: AchievementStatus, description: '处理后的状态（成功时为 published）' })
  status?: AchievementStatus;

  @ApiPropertyOptional({
    description: '失败时的错误代码（英文，稳定），如 ILLEGAL_TRANSITION、NOT_FOUND',
    example: 'ILLEGAL_TRANSITION',
  })
  code?: string;

  @ApiPropertyOptional({ description: '失败原因（中文）', example: '当前状态“已发布”不能执行“发布”操作' })
  message?: string;
}

export class BulkPublishResultDto {
  @ApiProperty({ description: '请求的条数' })
  total: number;

  @ApiProperty({ description: '发布成功的条数' })
  succeeded: number;

  @ApiProperty({ description: '失败的条数（失败的记录保持原状）' })
  failed: number;

  @ApiProperty({ type: [BulkPublishItemDto], description: '逐条结果，顺序与请求相同' })
  results: BulkPublishItemDto[];
}

export const ACHIEVEMENT_SORTS = ['createdAt', 'updatedAt', 'publishedAt', 'title', 'askingPrice'] as const;

export class AchievementQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: AchievementStatus, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @QueryArray()
  @IsEnum(AchievementStatus, { each: true })
  status?: AchievementStatus[];

  @ApiPropertyOptional({ enum: MaturityStage })
  @IsOptional()
  @IsEnum(MaturityStage)
  stage?: MaturityStage;

  @ApiPropertyOptional({ enum: CooperationMode, description: '转化方式' })
  @IsOptional()
  @IsEnum(CooperationMode)
  transferMode?: CooperationMode;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ACHIEVEMENT_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(ACHIEVEMENT_SORTS)
  sort: (typeof ACHIEVEMENT_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}

export class AchievementChainRefDto {
  @ApiProperty({ description: '产业链 id' })
  id: string;

  @ApiProperty({ description: '产业链代码', example: 'robotics' })
  code: string;

  @ApiProperty({ description: '产业链名称', example: '机器人' })
  name: string;
}

/** An achievement as GET /achievements and the write endpoints return it (contacts only for staff and the holder). */
export class AchievementResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '成果名称' })
  title: string;

  @ApiProperty({ description: '成果简介' })
  abstract: string;

  @ApiProperty({ type: [String], description: '关键词' })
  keywords: string[];

  @ApiProperty({ description: '成果所属单位 id' })
  institutionId: string;

  @ApiProperty({ type: String, nullable: true, description: '成果所属单位名称' })
  institutionName: string | null;

  @ApiProperty({ description: '研发团队' })
  team: string;

  @ApiProperty({ type: [String], description: '产业链 id' })
  industryChainIds: string[];

  @ApiProperty({ type: [AchievementChainRefDto], description: '产业链（含名称）' })
  industryChains: AchievementChainRefDto[];

  @ApiProperty({ type: Number, nullable: true, description: '技术就绪度 1–9' })
  trl: number | null;

  @ApiProperty({ enum: MaturityStage, enumName: 'MaturityStage', nullable: true, description: '成熟度' })
  stage: MaturityStage | null;

  @ApiProperty({ enum: IpType, nullable: true, description: '知识产权类型' })
  ipType: IpType | null;

  @ApiProperty({ enum: IpStatus, nullable: true, description: '知识产权状态' })
  ipStatus: IpStatus | null;

  @ApiProperty({ type: [String], description: '专利号' })
  patentNumbers: string[];

  @ApiProperty({ enum: CooperationMode, enumName: 'CooperationMode', isArray: true, description: '转化方式' })
  transferModes: CooperationMode[];

  @ApiProperty({ type: Number, nullable: true, description: '意向价格（万元）；空为面议' })
  askingPrice: number | null;

  @ApiProperty({ description: '应用场景' })
  applicationScenarios: string;

  @ApiProperty({ enum: AchievementStatus, enumName: 'AchievementStatus', description: '状态' })
  status: AchievementStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({ description: '版本号（修改时回传）；仅平台人员和成果所属单位' })
  version?: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: '联系人；仅平台人员和成果所属单位' })
  contactName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '联系电话；仅平台人员和成果所属单位' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '联系邮箱；仅平台人员和成果所属单位' })
  contactEmail?: string | null;

  @ApiPropertyOptional({
    type: RecordReturnDto,
    nullable: true,
    description: '最近一次退回修改（原因、时间、退回人）；仅平台人员和成果所属单位',
  })
  lastReturn?: RecordReturnDto | null;
}

export class AchievementPageDto {
  @ApiProperty({ type: [AchievementResponseDto] })
  items: AchievementResponseDto[];

  @ApiProperty({ description: '总条数' })
  total: number;

  @ApiProperty({ description: '页码' })
  page: number;

  @ApiProperty({ description: '每页条数' })
  pageSize: number;
}
