import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
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

import { CooperationMode, DemandKind, DemandSource, DemandStatus, MaturityStage } from '../../domain';
import { CleanStringArray, NotPastDate, QueryArray, Trim } from '../../dto-helpers';
import { RecordReturnDto } from '../../record-return';

export class DemandFieldsDto {
  @ApiProperty({ example: '工业机器人用高精度谐波减速器国产化' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({
    example:
      '我司年产协作机器人 2 万台，现用进口谐波减速器，交期长、成本高，希望联合高校开发回差≤10 弧秒的国产谐波减速器。',
  })
  @Trim()
  @IsString()
  @MinLength(20)
  @MaxLength(10000)
  description: string;

  @ApiPropertyOptional({ example: ['谐波减速器', '柔轮', '齿形设计'], maxItems: 20 })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  keywords?: string[];

  @ApiProperty({ description: 'Industry chain ids (1–5)', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  industryChainIds: string[];

  @ApiPropertyOptional({ description: 'Match only achievements of these chains', default: false })
  @IsOptional()
  @IsBoolean()
  chainRequired?: boolean;

  @ApiProperty({ enum: DemandKind, description: 'major 重大需求 / chain 产业链技术需求' })
  @IsEnum(DemandKind)
  kind: DemandKind;

  @ApiPropertyOptional({ example: '形成可批量生产的样机，寿命≥1 万小时' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  expectedOutcome?: string;

  @ApiPropertyOptional({ example: '传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  technicalIndicators?: string;

  @Nullable()
  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Lowest acceptable TRL' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  requiredTrl?: number;

  @Nullable()
  @ApiPropertyOptional({ enum: MaturityStage })
  @IsOptional()
  @IsEnum(MaturityStage)
  requiredStage?: MaturityStage;

  @ApiPropertyOptional({ enum: CooperationMode, isArray: true })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(CooperationMode, { each: true })
  cooperationModes?: CooperationMode[];

  @Nullable()
  @ApiPropertyOptional({ example: '2027-06-30', description: '截止日期; not before today (Beijing time)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @NotPastDate()
  deadline?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '昆山市周市镇' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  region?: string;

  @Nullable()
  @ApiPropertyOptional({ description: '预算下限（万元）, confidential', example: 50 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  budgetMin?: number;

  @Nullable()
  @ApiPropertyOptional({ description: '预算上限（万元）, confidential', example: 200 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  budgetMax?: number;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: '李工' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  contactName?: string;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: '13912345678' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  contactPhone?: string;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: 'li@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(100)
  contactEmail?: string;

  @Nullable()
  @ApiPropertyOptional({ description: '保密说明, confidential' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  confidentialNotes?: string;
}

export class CreateDemandDto extends DemandFieldsDto {
  @ApiPropertyOptional({ description: 'Owner enterprise; staff only (an enterprise user always files for its own)' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({ enum: DemandSource, description: 'staff only' })
  @IsOptional()
  @IsEnum(DemandSource)
  source?: DemandSource;

  @Nullable()
  @ApiPropertyOptional({ description: 'Technology manager in charge; staff only' })
  @IsOptional()
  @IsUUID()
  assignedManagerId?: string;
}

export class UpdateDemandDto extends PartialType(OmitType(CreateDemandDto, ['ownerOrganisationId'] as const)) {
  /**
   * Re-declared without the not-in-the-past rule: a demand whose deadline has passed must stay editable (staff fix
   * a typo in the description of a running demand; an edit form sends every field back). DemandService refuses a
   * past deadline only when it differs from the stored one, so an edit may keep a passed deadline, never set one.
   */
  @Nullable()
  @ApiPropertyOptional({
    example: '2027-06-30',
    description: 'a new deadline must not be before today; null clears it',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  override deadline?: string;

  @ApiProperty({ description: 'Version read with the record (optimistic locking)' })
  @IsInt()
  version: number;
}

export class DemandTransitionDto {
  @ApiPropertyOptional({ description: '原因（退回修改时必填），企业可见', example: '请补充技术指标' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    description: '二次诊断：需要企业澄清或补充的内容（仅退回修改时填写），与退回原因一起展示给企业',
    example: '“高精度”请量化为回差、传动精度等指标；请说明年需求量与目标成本',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  diagnosis?: string;

  @ApiPropertyOptional({ description: 'Version read with the record; when given, a stale one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export const DEMAND_SORTS = ['createdAt', 'updatedAt', 'publishedAt', 'deadline', 'title', 'quality'] as const;

export class DemandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Industry chain id' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ enum: DemandKind })
  @IsOptional()
  @IsEnum(DemandKind)
  kind?: DemandKind;

  @ApiPropertyOptional({ enum: DemandStatus, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @QueryArray()
  @IsEnum(DemandStatus, { each: true })
  status?: DemandStatus[];

  @ApiPropertyOptional({ description: 'Year the demand was created', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: MaturityStage, description: 'Required maturity stage (成熟度要求)' })
  @IsOptional()
  @IsEnum(MaturityStage)
  stage?: MaturityStage;

  @ApiPropertyOptional({ enum: CooperationMode, description: 'Cooperation mode wanted (合作方式)' })
  @IsOptional()
  @IsEnum(CooperationMode)
  cooperationMode?: CooperationMode;

  @ApiPropertyOptional({
    example: '周市镇',
    description: 'Region (所在区域); a Kunshan district also matches its other names (周市、昆山市周市镇)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  region?: string;

  @ApiPropertyOptional({ description: 'Text in title, description or keywords' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Owner enterprise (staff only)' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({
    enum: DEMAND_SORTS,
    default: 'createdAt',
    description: '排序字段；quality 按需求质量分（仅登录后的列表，公开目录不支持）',
  })
  @IsOptional()
  @IsIn(DEMAND_SORTS)
  sort: (typeof DEMAND_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}

/**
 * An unsaved demand form, scored live: every field optional and only shape-checked (a half-typed title is not an
 * error here; the real create/update still enforces the minimums).
 */
export class DemandQualityDraftDto extends PartialType(OmitType(CreateDemandDto, ['title', 'description'] as const)) {
  @ApiPropertyOptional({ description: '需求名称', example: '工业机器人用高精度谐波减速器国产化' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(120)
  title?: string;

  @ApiPropertyOptional({ description: '需求描述' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(10000)
  description?: string;
}

export class DemandQualityHintDto {
  @ApiProperty({ description: '规则标识（英文，稳定）', example: 'quantified_indicators' })
  rule: string;

  @ApiProperty({ description: '改进提示（中文）', example: '请在技术指标中写明至少两项可量化的参数（数值和单位）' })
  message: string;

  @ApiProperty({ description: '按提示改进后可得的分数', example: 25 })
  points: number;
}

export class DemandQualityDto {
  @ApiProperty({ description: '需求质量分 0–100（完整性与具体程度）', minimum: 0, maximum: 100, example: 75 })
  score: number;

  @ApiProperty({ description: '满分', example: 100 })
  maxScore: number;

  @ApiProperty({ type: [DemandQualityHintDto], description: '尚未满足的规则及改进提示' })
  hints: DemandQualityHintDto[];
}

/** A demand's 退回修改 carries the manager's 二次诊断 besides the reason. */
export class DemandReturnDto extends RecordReturnDto {
  @ApiProperty({ description: '二次诊断：需要澄清或补充的内容', nullable: true, type: String })
  diagnosis: string | null;
}

export class DemandChainRefDto {
  @ApiProperty({ description: '产业链 id' })
  id: string;

  @ApiProperty({ description: '产业链代码', example: 'robotics' })
  code: string;

  @ApiProperty({ description: '产业链名称', example: '机器人' })
  name: string;
}

/**
 * A demand as the API returns it. Fields marked “owner and staff” are absent for everyone else (other enterprises,
 * universities, organisers, the public catalogue).
 */
export class DemandResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '需求名称' }) title: string;
  @ApiProperty({ description: '需求描述' }) description: string;
  @ApiProperty({ type: [String], description: '关键词' }) keywords: string[];
  @ApiProperty({ type: [String], description: '产业链 id' }) industryChainIds: string[];
  @ApiProperty({ type: [DemandChainRefDto], description: '产业链（含名称）' }) industryChains: DemandChainRefDto[];
  @ApiProperty({ enum: DemandKind, description: '需求类型' }) kind: DemandKind;
  @ApiProperty({ description: '预期目标' }) expectedOutcome: string;
  @ApiProperty({ description: '技术指标' }) technicalIndicators: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '可接受的最低技术就绪度' })
  requiredTrl: number | null;
  @ApiPropertyOptional({ nullable: true, enum: MaturityStage, description: '可接受的成熟度' })
  requiredStage: MaturityStage | null;
  @ApiProperty({ description: '只匹配本产业链的成果' }) chainRequired: boolean;
  @ApiProperty({ enum: CooperationMode, isArray: true, description: '合作方式' }) cooperationModes: CooperationMode[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: '截止日期' })
  deadline: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '地区' }) region: string | null;
  @ApiProperty({ enum: DemandSource, description: '来源' }) source: DemandSource;
  @ApiProperty({ enum: DemandStatus, description: '状态' }) status: DemandStatus;
  @ApiProperty({ description: '需求企业 id' }) ownerOrganisationId: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '需求企业名称' })
  ownerOrganisationName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) publishedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;

  // ---- owner and staff only ----
  @ApiPropertyOptional({ description: '版本号（修改时回传）；仅需求方企业和平台人员' }) version?: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: '登记人；仅需求方企业和平台人员' })
  createdById?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '负责技术经理人；仅需求方企业和平台人员' })
  assignedManagerId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '预算下限（万元）；保密' }) budgetMin?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '预算上限（万元）；保密' }) budgetMax?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '联系人；保密' }) contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '联系电话；保密' }) contactPhone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '联系邮箱；保密' }) contactEmail?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '保密说明；保密' })
  confidentialNotes?: string | null;
  @ApiPropertyOptional({ description: '需求质量分 0–100；仅需求方企业和平台人员' }) qualityScore?: number;
  @ApiPropertyOptional({ type: DemandQualityDto, description: '需求质量与改进提示；仅需求方企业和平台人员' })
  quality?: DemandQualityDto;
  @ApiPropertyOptional({
    type: DemandReturnDto,
    nullable: true,
    description: '最近一次退回修改（原因、二次诊断、时间、退回人）；仅需求方企业和平台人员',
  })
  lastReturn?: DemandReturnDto | null;
}

export class DemandPageDto {
  @ApiProperty({ type: [DemandResponseDto] }) items: DemandResponseDto[];
  @ApiProperty({ description: '总条数' }) total: number;
  @ApiProperty({ description: '页码' }) page: number;
  @ApiProperty({ description: '每页条数' }) pageSize: number;
}
