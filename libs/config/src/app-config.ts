import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
  ValidationArguments,
} from 'class-validator';

export type BackendMode = 'embedded' | 'external' | 'in-process';

/** The matching engine's business factors (libs/matching/src/data/match-weights.json holds their weights). */
export const MATCH_FACTORS = ['text', 'chain', 'maturity', 'mode', 'budget', 'region'] as const;
export type MatchFactor = (typeof MATCH_FACTORS)[number];
/** The features that make up text relevance. */
export const MATCH_TEXT_FEATURES = [
  'bigram',
  'title',
  'coverage',
  'retrieval',
  'words',
  'passage',
  'likelihood',
  'phrase',
  'semantic',
] as const;
export type MatchTextFeature = (typeof MATCH_TEXT_FEATURES)[number];

/** Why a JSON weight map is refused, or null when it is a fine one (an object of non-negative numbers, known keys). */
function numberMapProblem(value: unknown, keys: readonly string[]): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch {
    return 'is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'must be a JSON object';
  for (const [key, weight] of Object.entries(parsed)) {
    if (!keys.includes(key)) return `has an unknown key "${key}" (known: ${keys.join(', ')})`;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      return `"${key}" must be a non-negative number`;
    }
  }
  return null;
}

function IsNumberMap(keys: readonly string[]): PropertyDecorator {
  return ValidateBy({
    name: 'isNumberMap',
    validator: {
      validate: (value: unknown) => numberMapProblem(value, keys) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} ${numberMapProblem(args?.value, keys)}, e.g. {"${keys[0]}": 1}`,
    },
  });
}

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
  @IsOptional() @IsIn(['true', 'false', '1', '0']) DEMO?: string;
  @IsOptional() @IsString() WEB_DIST?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(512) JSON_MAX_DEPTH?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ADDRESS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_WINDOW_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCKOUT_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) TEMPORARY_PASSWORD_HOURS?: number;
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'RECONCILE_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(86400000)
  RECONCILE_INTERVAL_MS?: number;

  // E-mail notifications (SMTP): a URL, or host/port/user/pass; none set = e-mail off, the inbox still works.
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  SMTP_URL?: string;
  @IsOptional() @IsString() SMTP_HOST?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535) SMTP_PORT?: number;
  @IsOptional() @IsString() SMTP_USER?: string;
  @IsOptional() @IsString() SMTP_PASS?: string;
  @IsOptional() @IsIn(['true', 'false', '1', '0']) SMTP_SECURE?: string;
  @IsOptional() @IsString() SMTP_FROM?: string;
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'PUBLIC_URL must start with http:// or https://' })
  PUBLIC_URL?: string;

  // Matching tuning (see README, Matching): defaults are the measured best; change only to experiment.
  @IsOptional() @IsNumberMap(MATCH_FACTORS) MATCH_WEIGHTS?: string;
  @IsOptional() @IsNumberMap(MATCH_TEXT_FEATURES) MATCH_TEXT_WEIGHTS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) MATCH_KEYWORD_QUERIES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) MATCH_HITS_PER_QUERY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100000) MATCH_BIGRAM_CANDIDATES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1000) MATCH_SEMANTIC_CANDIDATES?: number;
  @IsOptional()
  @IsIn(['0', '1'], { message: 'MATCH_DEMAND_IDF is 1 (on, the default) or 0 (off)' })
  MATCH_DEMAND_IDF?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) MATCH_FEATURE_CACHE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) MATCH_MODEL_MAX_AGE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) MATCH_MODEL_CHECK_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000) MATCH_BIGRAMS_PER_DOC?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000) MATCH_QUERY_BIGRAMS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000000) MATCH_POSTINGS_PER_BIGRAM?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64) MATCH_REMATCH_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsNumber() @Min(0) @Max(1) MATCH_SHOW_THRESHOLD?: number;

  // Semantic search (see README, 智能搜索): Meilisearch's `rest` embedder calls this embedding service; unset = keyword.
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'EMBEDDING_URL must start with http:// or https://' })
  EMBEDDING_URL?: string;
  @IsOptional() @IsIn(['openai', 'tei'], { message: 'EMBEDDING_API is openai or tei' }) EMBEDDING_API?: string;
  @IsOptional() @IsString() EMBEDDING_MODEL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(8192) EMBEDDING_DIMENSIONS?: number;
  @IsOptional() @IsString() EMBEDDING_API_KEY?: string;
  @IsOptional() @IsString() EMBEDDING_DOCUMENT_TEMPLATE?: string;
  @IsOptional() @Transform(toInt) @IsNumber() @Min(0) @Max(1) SEARCH_SEMANTIC_RATIO?: number;
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

/** The matching engine's tuning: how candidates are gathered and how they are scored. */
export interface MatchingTuning {
  /** MATCH_WEIGHTS: weights of single business factors, over the defaults of data/match-weights.json. */
  weights: Partial<Record<MatchFactor, number>>;
  /** MATCH_TEXT_WEIGHTS: weights of single text-relevance features, over the engine's defaults. */
  textWeights: Partial<Record<MatchTextFeature, number>>;
  /** MATCH_KEYWORD_QUERIES: keyword queries per source record (besides its title). */
  keywordQueries: number;
  /** MATCH_HITS_PER_QUERY: hits each keyword query may bring into the pool. */
  hitsPerQuery: number;
  /** MATCH_BIGRAM_CANDIDATES: achievements the whole-catalogue bigram index adds to the pool (0: none). */
  bigramCandidates: number;
  /**
   * MATCH_SEMANTIC_CANDIDATES: achievements (demands, matching backwards) the semantic query adds to the pool when an
   * embedding service is configured and the index has its embedder (0: no semantic query).
   */
  semanticCandidates: number;
  /** MATCH_DEMAND_IDF: a demand's bigrams also weighted by their rarity among the open demands. */
  demandIdf: boolean;
  /**
   * MATCH_FEATURE_CACHE: candidate feature vectors kept per corpus model (compact: about 12 bytes per distinct
   * bigram of a record plus its text, 2–5 KB a record); the default holds a 60 000-record catalogue.
   */
  featureCacheSize: number;
  /** MATCH_MODEL_MAX_AGE_MS: age at which a corpus model is rebuilt in the background. */
  modelMaxAgeMs: number;
  /** MATCH_MODEL_CHECK_MS: how often the catalogue's size is compared with the model's. */
  modelCheckMs: number;
  /** MATCH_BIGRAMS_PER_DOC: an achievement's strongest bigrams that enter the candidate index. */
  bigramsPerDocument: number;
  /** MATCH_QUERY_BIGRAMS: the query's strongest bigrams looked up in the candidate index. */
  queryBigrams: number;
  /**
   * MATCH_POSTINGS_PER_BIGRAM: the most postings read per query bigram in the candidate index, strongest first
   * (impact-ordered, truncated posting lists: Anh & Moffat). The candidate query then costs at most (query bigrams ×
   * this) index entries however large the catalogue, and a catalogue of at most this many achievements is never
   * truncated. The postings dropped are the weakest of the commonest bigrams, which add least to any score;
   * `npm run bench` prints how much of the untruncated top candidates the cut keeps (README, candidate index).
   */
  postingsPerBigram: number;
  /**
   * MATCH_REMATCH_CONCURRENCY: demands a batch re-match runs at once. Each demand mostly waits on Meilisearch and
   * PostgreSQL (other processes), so a few in flight keep two cores busy; many would only queue there.
   */
  rematchConcurrency: number;
  /**
   * MATCH_SHOW_THRESHOLD: text strength below which an engine suggestion is not shown to the enterprise (staff see
   * it as 低相关); unset: the calibrated value of libs/matching/src/data/match-calibration.json.
   */
  showThreshold?: number;
}

/**
 * The embedding service Meilisearch's `rest` embedder calls for semantic (hybrid) search: an OpenAI-compatible
 * `/v1/embeddings` or a text-embeddings-inference `/embed` endpoint. Null: keyword search only.
 */
export interface EmbeddingSettings {
  /** EMBEDDING_URL: the full endpoint, e.g. http://embeddings/v1/embeddings or http://tei:80/embed. */
  url: string;
  /** EMBEDDING_API: the protocol; default tei when the URL ends in /embed, openai otherwise. */
  api: 'openai' | 'tei';
  /** EMBEDDING_MODEL: sent as `model` (OpenAI protocol); part of the embedder's identity in either case. */
  model: string;
  /** EMBEDDING_DIMENSIONS: vector size; unset: Meilisearch asks the service once. */
  dimensions?: number;
  /** EMBEDDING_API_KEY: bearer key for the service, if it wants one. */
  apiKey?: string;
  /** EMBEDDING_DOCUMENT_TEMPLATE: Liquid template of the text embedded per document; unset: one per index in code. */
  documentTemplate?: string;
  /** SEARCH_SEMANTIC_RATIO: share of semantic ranking in hybrid search when a request gives none (default 0.5). */
  semanticRatio: number;
}

/** Outgoing e-mail: null when no SMTP server is configured (notifications stay in the inbox). */
export interface SmtpSettings {
  /** smtp(s):// URL, when given as one. */
  url?: string;
  host?: string;
  port?: number;
  secure: boolean;
  user?: string;
  pass?: string;
  /** Sender address, e.g. `祖冲之平台 <noreply@zcz.local>`. */
  from: string;
}

export class ConfigError extends Error {}

/** The settings of an AppConfig (its data, not its methods), e.g. for `AppConfig.with`. */
export type AppConfigValues = {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- methods are left out by their type
  -readonly [K in keyof AppConfig as AppConfig[K] extends Function ? never : K]: AppConfig[K];
};

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
  /** DEMO=true (or `--demo`): the API loads the demo catalogue at start. */
  readonly demo: boolean;
  /** WEB_DIST: the built console's folder, when not the default dist/web. */
  readonly webDist: string | undefined;
  /** Deepest JSON nesting accepted in a request body. */
  readonly jsonMaxDepth: number;
  readonly login: LoginLimits;
  /**
   * TEMPORARY_PASSWORD_HOURS (default 72): how long a password set by an administrator's reset may be used to sign
   * in; after it the account needs a new reset. A temporary password travels by phone or chat, so it must not stay
   * a working credential for ever.
   */
  readonly temporaryPasswordHours: number;
  /**
   * How often a process that consumes jobs re-queues what lags behind PostgreSQL (search documents, suggestions,
   * dispatched but unprocessed events); also the age an event must reach before it counts as lost.
   */
  readonly reconcileIntervalMs: number;
  readonly matching: MatchingTuning;
  /** SMTP_URL or SMTP_HOST (+ PORT, USER, PASS, SECURE, FROM); null: e-mail is off. */
  readonly smtp: SmtpSettings | null;
  /** PUBLIC_URL: the console's address as people reach it (links in e-mails); default http://127.0.0.1:PORT. */
  readonly publicUrl: string;
  /** EMBEDDING_*: the embedding service for hybrid search; null: keyword search only. */
  readonly embedding: EmbeddingSettings | null;

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
    this.demo = env.DEMO === 'true' || env.DEMO === '1';
    this.webDist = env.WEB_DIST;
    this.jsonMaxDepth = env.JSON_MAX_DEPTH ?? 32;
    this.login = {
      maxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 50,
      windowSeconds: env.LOGIN_WINDOW_SECONDS ?? 900,
      lockoutSeconds: env.LOGIN_LOCKOUT_SECONDS ?? 900,
    };
    this.temporaryPasswordHours = env.TEMPORARY_PASSWORD_HOURS ?? 72;
    this.reconcileIntervalMs = env.RECONCILE_INTERVAL_MS ?? 30000;
    this.matching = {
      weights: env.MATCH_WEIGHTS ? (JSON.parse(env.MATCH_WEIGHTS) as MatchingTuning['weights']) : {},
      textWeights: env.MATCH_TEXT_WEIGHTS ? (JSON.parse(env.MATCH_TEXT_WEIGHTS) as MatchingTuning['textWeights']) : {},
      keywordQueries: env.MATCH_KEYWORD_QUERIES ?? 20,
      hitsPerQuery: env.MATCH_HITS_PER_QUERY ?? 15,
      bigramCandidates: env.MATCH_BIGRAM_CANDIDATES ?? 200,
      semanticCandidates: env.MATCH_SEMANTIC_CANDIDATES ?? 100,
      demandIdf: env.MATCH_DEMAND_IDF !== '0',
      featureCacheSize: env.MATCH_FEATURE_CACHE ?? 60_000,
      modelMaxAgeMs: env.MATCH_MODEL_MAX_AGE_MS ?? 10 * 60 * 1000,
      modelCheckMs: env.MATCH_MODEL_CHECK_MS ?? 5000,
      bigramsPerDocument: env.MATCH_BIGRAMS_PER_DOC ?? 64,
      queryBigrams: env.MATCH_QUERY_BIGRAMS ?? 64,
      postingsPerBigram: env.MATCH_POSTINGS_PER_BIGRAM ?? 3000,
      rematchConcurrency: env.MATCH_REMATCH_CONCURRENCY ?? 2,
      showThreshold: env.MATCH_SHOW_THRESHOLD,
    };
    const from = env.SMTP_FROM ?? '祖冲之攻关计划供需对接平台 <noreply@zcz.local>';
    this.smtp = env.SMTP_URL
      ? { url: env.SMTP_URL, secure: env.SMTP_URL.startsWith('smtps:'), from }
      : env.SMTP_HOST
        ? {
            host: env.SMTP_HOST,
            port: env.SMTP_PORT ?? 587,
            secure: env.SMTP_SECURE === 'true' || env.SMTP_SECURE === '1',
            user: env.SMTP_USER,
            pass: env.SMTP_PASS,
            from,
          }
        : null;
    this.embedding = env.EMBEDDING_URL
      ? {
          url: env.EMBEDDING_URL,
          api: (env.EMBEDDING_API as 'openai' | 'tei') ?? (/\/embed\/?$/.test(env.EMBEDDING_URL) ? 'tei' : 'openai'),
          model: env.EMBEDDING_MODEL ?? 'BAAI/bge-m3',
          dimensions: env.EMBEDDING_DIMENSIONS,
          apiKey: env.EMBEDDING_API_KEY,
          documentTemplate: env.EMBEDDING_DOCUMENT_TEMPLATE,
          semanticRatio: env.SEARCH_SEMANTIC_RATIO ?? 0.5,
        }
      : null;
    this.publicUrl = (env.PUBLIC_URL ?? `http://127.0.0.1:${this.port}`).replace(/\/+$/, '');
  }

  static fromEnv(raw: NodeJS.ProcessEnv = process.env): AppConfig {
    return new AppConfig(validateEnv(raw));
  }

  /**
   * A copy with some settings replaced: how the embedded launcher, the CLI and the bench hand resolved settings
   * (started servers' URLs, scratch databases, prefixes) to the platform instead of writing into process.env.
   */
  with(changes: Partial<AppConfigValues>): AppConfig {
    return Object.assign(Object.create(AppConfig.prototype) as AppConfig, this, changes);
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
