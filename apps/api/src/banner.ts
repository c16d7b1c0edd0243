/** The first admin as the start banner may mention it. */
export interface BannerAdmin {
  email: string;
  /** Where the password came from: the environment (ADMIN_PASSWORD) or the embedded quick-start default. */
  source: 'environment' | 'embedded-default';
  /** Created by this start (the account did not exist before). */
  created: boolean;
  password: string;
}

export interface BannerInput {
  url: string;
  database: string;
  queue: string;
  search: string;
  admin?: BannerAdmin;
}

/**
 * What `npm start` prints once it listens. A password taken from the environment is never printed (logs of a
 * deployment are read by more people than its secrets). The embedded quick start's default password is printed
 * once, on the start that created the account, since nothing else on screen tells a first-time user how to log
 * in; later starts only name the account.
 */
export function startBanner(input: BannerInput): string {
  const a = input.admin;
  const login = !a
    ? ''
    : a.source === 'embedded-default' && a.created
      ? `  Login      ${a.email} / ${a.password}  (POST /auth/login; created now — change this password)`
      : a.source === 'environment'
        ? `  Login      ${a.email}  (password from ADMIN_PASSWORD)`
        : `  Login      ${a.email}  (password as printed at the first start)`;
  return [
    '',
    '祖冲之攻关计划 技术需求—科技成果供需对接平台 is running',
    `  API        ${input.url}`,
    `  API docs   ${input.url}/docs`,
    `  Health     ${input.url}/health`,
    `  Database   ${input.database}`,
    `  Queue      ${input.queue}`,
    `  Search     ${input.search}`,
    login,
    '',
  ].join('\n');
}
