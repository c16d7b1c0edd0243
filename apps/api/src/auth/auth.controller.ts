import {
  AllowWithTemporaryPassword,
  AuthService,
  ChangePasswordDto,
  CreateUserDto,
  CurrentActor,
  LoginDto,
  PasswordChangeService,
  Public,
  RegisterEnterpriseDto,
  Roles,
  SessionDto,
  UpdateUserDto,
  UserQueryDto,
} from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Ip,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { BrowserSessionDto, LoginResultDto, MeDto, PasswordResetDto, UserPageDto, UserViewDto } from './session.dto';
import { SessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordChangeService,
    private readonly sessions: SessionCookies,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Password login → JWT',
    description: 'Failed logins are limited per account and per address: 429 LOGIN_LOCKED with Retry-After.',
  })
  @ApiOkResponse({ type: LoginResultDto })
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto, { ip });
  }

  @Public()
  @Post('register')
  @ApiOperation({
    summary: 'Register an enterprise and its first user (role enterprise)',
    description: 'Answers a Bearer token; the console then signs in with POST /auth/session to get its cookie.',
  })
  @ApiCreatedResponse({ type: LoginResultDto })
  register(@Body() dto: RegisterEnterpriseDto, @Ip() ip: string) {
    return this.auth.registerEnterprise(dto, { ip });
  }

  @Public()
  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Browser sign-in: sets the httpOnly session cookie and the CSRF cookie (the token is not in the body)',
  })
  @ApiOkResponse({ type: BrowserSessionDto })
  async createSession(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BrowserSessionDto> {
    const session = await this.auth.login(dto, { ip });
    return this.sessions.open(req, res, session.accessToken, session.user as unknown as UserViewDto);
  }

  @Public()
  @Delete('session')
  @HttpCode(204)
  @ApiOperation({ summary: 'Browser sign-out: clears the session and CSRF cookies' })
  endSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    this.sessions.close(req, res);
  }

  @ApiBearerAuth()
  @AllowWithTemporaryPassword()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and organisation (Bearer token or session cookie)' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @ApiBearerAuth()
  @AllowWithTemporaryPassword()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary: '修改密码（当前登录用户）',
    description:
      '校验当前密码，新密码规则与注册时相同（8–72 位，含字母和数字）；错误时 400 并指明字段。' +
      '修改后此前签发的所有令牌立即失效，响应中返回新的令牌。当前密码输错与登录失败一同计数：' +
      '达到上限后 429 LOGIN_LOCKED（带 Retry-After）。管理员设置或重置的临时密码在此修改后，账号恢复正常使用。',
  })
  @ApiOkResponse({ type: SessionDto })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<SessionDto> {
    return this.passwords.change(actor, dto, { ip });
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles(Role.Admin, Role.Manager)
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an account (managers: enterprise, university and organizer accounts only)',
    description:
      '初始密码默认是临时密码：本人首次登录后须先修改（与重置密码相同的限制和有效期）。管理员可传 ' +
      'temporaryPassword: false 设置无需修改的密码（记入审计日志）；技术经理人传 false 时 403。',
  })
  @ApiCreatedResponse({ type: UserViewDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.auth.createUser(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto) {
    return this.auth.listUsers(actor, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or (de)activate an account (an account cannot deactivate itself: 409)' })
  @ApiOkResponse({ type: UserViewDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto) {
    return this.auth.updateUser(actor, id, dto);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({
    summary: '重置密码：生成临时密码（仅本次返回），该账号此前的登录全部失效',
    description:
      '管理员可重置任何账号；技术经理人只能重置企业、高校院所和活动组织方账号。临时密码登录后只能读取本人会话和' +
      '修改密码（其他接口 403 PASSWORD_CHANGE_REQUIRED），超过有效期（TEMPORARY_PASSWORD_HOURS，默认 72 小时）后' +
      '不能再登录（401 TEMPORARY_PASSWORD_EXPIRED）。',
  })
  @ApiOkResponse({ type: PasswordResetDto })
  resetPassword(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.auth.resetPassword(actor, id);
  }
}
