import { PageQueryDto, Role } from '@app/common';
import { OrganisationFieldsDto } from '@app/registry';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

const lower = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export class LoginDto {
  @ApiProperty({ example: 'admin@zcz.local' })
  @lower()
  @IsEmail()
  @MaxLength(100)
  email: string;

  @ApiProperty({ example: 'Admin@2025' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}

/** The password rule of every account: at creation, registration and change. */
export const IsAccountPassword = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    MinLength(8),
    MaxLength(72),
    Matches(/^(?=.*[A-Za-z])(?=.*\d).+$/, { message: 'password must contain letters and digits' }),
  );

export class PasswordFieldDto {
  @ApiProperty({ description: '8–72 characters, with letters and digits', example: 'Kunshan2026' })
  @IsAccountPassword()
  password: string;
}

export class RegisterOrganisationDto extends PickType(OrganisationFieldsDto, [
  'name',
  'creditCode',
  'district',
  'address',
] as const) {}

export class RegisterEnterpriseDto extends PasswordFieldDto {
  @ApiProperty({ example: 'li.ming@example.com' })
  @lower()
  @IsEmail()
  @MaxLength(100)
  email: string;

  @ApiProperty({ example: '李明' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ example: '13912345678' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  phone?: string;

  @ApiProperty({ type: RegisterOrganisationDto })
  @ValidateNested()
  @Type(() => RegisterOrganisationDto)
  organisation: RegisterOrganisationDto;
}

export class CreateUserDto extends PasswordFieldDto {
  @ApiProperty()
  @lower()
  @IsEmail()
  @MaxLength(100)
  email: string;

  @ApiProperty({ example: '陈经理' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  phone?: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ description: 'Required for enterprise and university users' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: '评审专家标记（仅管理员可设置）' })
  @IsOptional()
  @IsBoolean()
  expert?: boolean;

  @ApiPropertyOptional({
    description:
      '初始密码是否为临时密码（默认 true）：管理员或技术经理人设置的密码本人须在首次登录后修改，与重置密码相同' +
      '（其他接口 403 PASSWORD_CHANGE_REQUIRED，超过 TEMPORARY_PASSWORD_HOURS 后不能登录）。' +
      '只有管理员可以传 false（其他角色 403），并记入审计日志。',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  temporaryPassword?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: '评审专家标记（仅管理员可修改）：只有评审专家可以被指定为榜单评审专家' })
  @IsOptional()
  @IsBoolean()
  expert?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name?: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只列评审专家（true）或非专家（false）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  expert?: boolean;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
