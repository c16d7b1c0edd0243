import { Role } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of the auth endpoints, for the OpenAPI document (and so the console's generated client). */
export class SessionOrganisationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '昆山某精密机械有限公司' })
  name: string;

  @ApiProperty({ enum: ['enterprise', 'university', 'agency'] })
  kind: string;
}

export class UserViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'admin@zcz.local' })
  email: string;

  @ApiProperty({ example: '张敏' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ description: '评审专家（管理员设置）' })
  expert: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({
    description:
      '密码是管理员设置或重置的临时密码：此时只能读取本人会话和修改密码，其他接口 403 PASSWORD_CHANGE_REQUIRED',
  })
  mustChangePassword: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '临时密码的签发时间' })
  passwordTemporarySince: string | null;
}

export class MeDto extends UserViewDto {
  @ApiProperty({ type: SessionOrganisationDto, nullable: true })
  organisation: SessionOrganisationDto | null;

  @ApiProperty({
    description: '管理员设置或重置的临时密码的有效期（小时，TEMPORARY_PASSWORD_HOURS）：超过后不能再登录',
    example: 72,
  })
  temporaryPasswordHours: number;
}

export class LoginResultDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ type: UserViewDto })
  user: UserViewDto;
}

export class BrowserSessionDto {
  @ApiProperty({ type: UserViewDto })
  user: UserViewDto;

  @ApiProperty({ description: 'Also set as the zcz_csrf cookie: echo it in X-CSRF-Token on unsafe requests' })
  csrfToken: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the session cookie expires' })
  expiresAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserViewDto] })
  items: UserViewDto[];

  @ApiProperty({ description: '总条数' })
  total: number;

  @ApiProperty({ description: '页码' })
  page: number;

  @ApiProperty({ description: '每页条数' })
  pageSize: number;
}

export class PasswordResetDto {
  @ApiProperty({ type: UserViewDto })
  user: UserViewDto;

  @ApiProperty({ description: '临时密码：只在本次响应中出现，请转告本人登录后修改', example: 'kq7Rb2xWm4Pz' })
  temporaryPassword: string;
}
