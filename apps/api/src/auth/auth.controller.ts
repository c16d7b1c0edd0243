import {
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
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Password login → JWT' })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto);
  }

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Register an enterprise and its first user (role enterprise)' })
  register(@Body() dto: RegisterEnterpriseDto) {
    return this.auth.registerEnterprise(dto);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and organisation' })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary: '修改密码（当前登录用户）',
    description:
      '校验当前密码，新密码规则与注册时相同（8–72 位，含字母和数字）；错误时 400 并指明字段。' +
      '修改后此前签发的所有令牌立即失效，响应中返回新的令牌。',
  })
  @ApiOkResponse({ type: SessionDto })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<SessionDto> {
    return this.passwords.change(actor, dto);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles(Role.Admin, Role.Manager)
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @ApiOperation({ summary: 'Create an account (managers: enterprise, university and organizer accounts only)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.auth.createUser(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto) {
    return this.auth.listUsers(actor, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or (de)activate an account' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto) {
    return this.auth.updateUser(actor, id, dto);
  }
}
