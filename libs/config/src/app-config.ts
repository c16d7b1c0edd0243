import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export type BackendMode = 'embedded' | 'external' | 'in-process';

/**
 * Every environment variable the platform reads, validated once at boot.
 * Plain class (not @nestjs/config) because the embedded launcher and the CLI need it before Nest exists.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres://' })
  DATABASE_URL?: string;
  @IsOptional() @IsIn(['embedded', 'external']) DATABASE_MODE?: string;
  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis://' }) REDIS_URL?: string;
  @IsOptional() @IsString() QUEUE_PREFIX?: string;
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'MEILI_URL must start with http:// or https://' })
  MEILI_URL?: string;
  @IsOptional() @IsIn(['embedded', 'external']) MEILI_MODE?: string;
  @IsOptional() @IsString() MEILI_MASTER_KEY?: string;
  @IsOptional() @IsString() MEILI_BIN?: string;
  @IsOptional()
  @Matches(/^[a-z0-9_]*$/, { message: 'MEILI_INDEX_PREFIX may hold only a-z, 0-9 and _' })
  MEILI_INDEX_PREFIX?: string;
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;
  @IsOptional()
  @Matches(/^\d+[smhd]?$/, { message: 'JWT_EXPIRES_IN is like 3600, 30m, 12h or 7d' })
  JWT_EXPIRES_IN?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT is like 1mb or 512kb' }) BODY_LIMIT?: string;
  @IsOptional() @IsString() ADMIN_EMAIL?: string;
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;
  @IsOptional() @IsIn(['true', 'false', '1', '0']) WORKER_IN_PROCESS?: string;
  @IsOptional() @IsIn(['true', 'false', '1', '0']) DOCS_ENABLED?: string;
  @IsOptional() @IsString() TRUST_PROXY?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(512) JSON_MAX_DEPTH?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ADDRESS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_WINDOW_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCKOUT_SECONDS?: number;
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'RECONCILE_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(86400000)
  RECONCILE_INTERVAL_MS?: number;
}

function toInt({ value }: { value: unknown }): unknown {
  return value === undefined ? undefined : Number(value);
}

/** Failed-login limits: counted per account and per client address within a window, then a lockout. */
export interface LoginLimits {
  maxFailures: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export class ConfigError extends Error {}

export function validateEnv(raw: NodeJS.ProcessEnv): EnvironmentVariables {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined && value !== '') cleaned[key] = value;
  const env = plainToInstance(EnvironmentVariables, cleaned, { excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`));
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return env;
}

/** Typed, resolved configuration shared by api, worker and cli. */
export class AppConfig {
  readonly nodeEnv: string;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databaseMode: BackendMode;
  readonly redisUrl: string | undefined;
  readonly queueMode: BackendMode;
  readonly queuePrefix: string;
  readonly meiliUrl: string | undefined;
  readonly meiliMode: BackendMode;
  readonly meiliMasterKey: string | undefined;
  readonly meiliBin: string | undefined;
  readonly meiliIndexPrefix: string;
  readonly jwtSecret: string | undefined;
  readonly jwtExpiresIn: string;
  readonly logLevel: string;
  readonly bodyLimit: string;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** BullMQ workers inside the API process as well (single-process deployments, e2e tests). */
  readonly workerInProcess: boolean;
  /** OpenAPI UI and document at /docs: on by default, off by default when NODE_ENV=production. */
  readonly docsEnabled: boolean;
  /** Express `trust proxy` (hops or addresses), so the client address of login limits is the real one. */
  readonly trustProxy: string | undefined;
  /** Deepest JSON nesting accepted in a request body. */
  readonly jsonMaxDepth: number;
  readonly login: LoginLimits;
  /**
   * How often a process that consumes jobs re-queues what lags behind PostgreSQL (search documents, suggestions,
   * dispatched but unprocessed events); also the age an event must reach before it counts as lost.
   */
  readonly reconcileIntervalMs: number;

  constructor(env: EnvironmentVariables) {
    this.nodeEnv = env.NODE_ENV ?? 'development';
    this.port = env.PORT ?? 3000;
    this.host = env.HOST ?? '0.0.0.0';
    this.dataDir = env.DATA_DIR ?? './data';
    this.databaseUrl = env.DATABASE_URL;
    this.databaseMode = (env.DATABASE_MODE as BackendMode) ?? 'external';
    this.redisUrl = env.REDIS_URL;
    this.queueMode = env.REDIS_URL ? 'external' : 'in-process';
    this.queuePrefix = env.QUEUE_PREFIX ?? 'zcz';
    this.meiliUrl = env.MEILI_URL;
    this.meiliMode = (env.MEILI_MODE as BackendMode) ?? 'external';
    this.meiliMasterKey = env.MEILI_MASTER_KEY;
    this.meiliBin = env.MEILI_BIN;
    this.meiliIndexPrefix = env.MEILI_INDEX_PREFIX ?? '';
    this.jwtSecret = env.JWT_SECRET;
    this.jwtExpiresIn = env.JWT_EXPIRES_IN ?? '12h';
    this.logLevel = env.LOG_LEVEL ?? (this.nodeEnv === 'test' ? 'warn' : 'info');
    this.bodyLimit = env.BODY_LIMIT ?? '1mb';
    this.adminEmail = env.ADMIN_EMAIL;
    this.adminPassword = env.ADMIN_PASSWORD;
    this.workerInProcess = env.WORKER_IN_PROCESS === 'true' || env.WORKER_IN_PROCESS === '1';
    this.docsEnabled =
      env.DOCS_ENABLED === undefined
        ? this.nodeEnv !== 'production'
        : env.DOCS_ENABLED === 'true' || env.DOCS_ENABLED === '1';
    this.trustProxy = env.TRUST_PROXY;
    this.jsonMaxDepth = env.JSON_MAX_DEPTH ?? 32;
    this.login = {
      maxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 50,
      windowSeconds: env.LOGIN_WINDOW_SECONDS ?? 900,
      lockoutSeconds: env.LOGIN_LOCKOUT_SECONDS ?? 900,
    };
    this.reconcileIntervalMs = env.RECONCILE_INTERVAL_MS ?? 30000;
  }

  static fromEnv(raw: NodeJS.ProcessEnv = process.env): AppConfig {
    return new AppConfig(validateEnv(raw));
  }

  /** Services the running process needs; throws a readable error naming what is missing. */
  requireRuntime(): { databaseUrl: string; jwtSecret: string } {
    const missing: string[] = [];
    if (!this.databaseUrl) missing.push('DATABASE_URL');
    if (!this.jwtSecret) missing.push('JWT_SECRET');
    if (missing.length) throw new ConfigError(`Missing environment: ${missing.join(', ')}`);
    return { databaseUrl: this.databaseUrl!, jwtSecret: this.jwtSecret! };
  }
}
