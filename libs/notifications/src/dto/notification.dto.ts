import { PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { DeliveryStatus } from '../notification.entities';
import { DELIVERY_MODES, DeliveryMode, NOTIFICATION_KINDS, NotificationKind } from '../notification-kinds';

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只看未读' })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ description: '类型（中文）', example: '需求被退回修改' }) kindLabel: string;
  @ApiProperty({ example: '需求「高精度伺服电机控制算法优化」被退回修改' }) title: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '控制台内的链接' }) link: string | null;
  @ApiProperty() read: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class InboxPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: '未读总数' }) unread: number;
}

export class UnreadCountDto {
  @ApiProperty({ description: '未读总数' }) unread: number;
}

export class MarkReadDto {
  @ApiProperty({ type: [String], description: '要标为已读的通知 id' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids: string[];
}

export class MarkReadResultDto {
  @ApiProperty({ description: '本次标为已读的条数' }) updated: number;
  @ApiProperty({ description: '剩余未读' }) unread: number;
}

export class PreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ example: '需求被退回修改' }) label: string;
  @ApiProperty({ enum: DELIVERY_MODES, description: 'in_app 仅站内 / email 站内 + 邮件 / off 关闭' })
  mode: DeliveryMode;
  @ApiProperty({ example: '站内 + 邮件' }) modeLabel: string;
  @ApiProperty({ description: '每日汇总类（可设发送时间）' }) daily: boolean;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '每日发送时间（北京时间，0–23 点）' })
  digestHour: number | null;
}

export class PreferenceListDto {
  @ApiProperty({ type: [PreferenceDto] }) items: PreferenceDto[];
}

export class PreferenceItemDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: '通知类型' })
  @IsIn(NOTIFICATION_KINDS, { message: 'kind 必须是已知的通知类型' })
  kind: NotificationKind;

  @ApiProperty({ enum: DELIVERY_MODES, description: 'in_app 仅站内 / email 站内 + 邮件 / off 关闭' })
  @IsEnum(DeliveryMode, { message: 'mode 必须是 in_app、email 或 off' })
  mode: DeliveryMode;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 23,
    description: '每日发送时间（0–23 点）',
  })
  @IsOptional()
  @IsInt({ message: 'digestHour 必须是 0–23 的整数' })
  @Min(0, { message: 'digestHour 必须是 0–23 的整数' })
  @Max(23, { message: 'digestHour 必须是 0–23 的整数' })
  digestHour?: number | null;
}

export class UpdatePreferencesDto {
  @ApiProperty({ type: [PreferenceItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PreferenceItemDto)
  items: PreferenceItemDto[];
}

export class UnsubscribeDto {
  @ApiProperty({ description: '邮件中退订链接的签名令牌' })
  @IsString()
  @MaxLength(300)
  token: string;
}

export class UnsubscribeResultDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ example: '每日新匹配推荐摘要' }) label: string;
  @ApiProperty() name: string;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DeliveryStatus, default: DeliveryStatus.Failed })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status: DeliveryStatus = DeliveryStatus.Failed;
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'email' }) channel: string;
  @ApiProperty() address: string;
  @ApiProperty({ enum: DeliveryStatus }) status: DeliveryStatus;
  @ApiProperty({ example: '发送失败' }) statusLabel: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty() notificationId: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty() recipientId: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class RetryDeliveriesDto {
  @ApiPropertyOptional({ type: [String], description: '要重发的投递 id；不填则重发全部失败投递' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids?: string[];
}

export class RetriedDeliveriesDto {
  @ApiProperty({ description: '重新排队发送的投递数' }) retried: number;
}
