import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { IsAccountPassword } from './auth.dto';

export class ChangePasswordDto {
  @ApiProperty({ description: '当前密码', example: 'Kunshan2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({
    description: '新密码：8–72 位，须同时包含字母和数字，且不能与当前密码相同',
    example: 'Zuchongzhi2027',
  })
  @IsAccountPassword()
  newPassword: string;
}

export class SessionUserDto {
  @ApiProperty({ description: '用户 id' })
  id: string;

  @ApiProperty({ description: '登录邮箱', example: 'li.ming@example.com' })
  email: string;

  @ApiProperty({ description: '姓名', example: '李明' })
  name: string;

  @ApiPropertyOptional({ description: '电话', nullable: true, type: String })
  phone: string | null;

  @ApiProperty({ description: '角色', enum: ['admin', 'manager', 'enterprise', 'university', 'organizer', 'bank'] })
  role: string;

  @ApiPropertyOptional({ description: '所属单位 id', nullable: true, type: String })
  organisationId: string | null;

  @ApiProperty({ description: '账号是否启用' })
  active: boolean;

  @ApiPropertyOptional({ description: '上次登录时间', nullable: true, type: String, format: 'date-time' })
  lastLoginAt: Date | null;

  @ApiPropertyOptional({ description: '上次修改密码时间', nullable: true, type: String, format: 'date-time' })
  passwordChangedAt: Date | null;

  @ApiPropertyOptional({
    description: '临时密码（管理员重置）的签发时间；非空时须先修改密码',
    nullable: true,
    type: String,
    format: 'date-time',
  })
  passwordTemporarySince: Date | null;

  @ApiProperty({ description: '密码是管理员设置或重置的临时密码，须先修改密码才能使用其他功能' })
  mustChangePassword: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class SessionDto {
  @ApiProperty({ description: '访问令牌（JWT），以 Authorization: Bearer … 发送' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;
}
