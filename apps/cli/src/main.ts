import 'reflect-metadata';

import { existsSync } from 'node:fs';

import { AppConfig, MATCH_TEXT_FEATURES } from '@app/config';
import { runMigrations } from '@app/database';
import { startEmbeddedBackends, startEmbeddedPostgres } from '@app/embedded';

/** `npm run cli -- <command> [--flag value]`. One-shot commands over the same libs as the apps. */
const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                               apply pending database migrations
  create-admin --email E --password P   create the first admin account (no-op when an admin exists)
  reindex [--index achievements|demands|challenges] rebuild search indexes from PostgreSQL and swap them in atomically
  indicators recompute|verify           rebuild indicator facts from the records / check them (exit 1 on difference)
  rematch                               recompute stored suggestions of every open demand (decisions are kept)
  eval --dataset DIR [--verbose] [--cv] [--evidence-out FILE]
                                        measure matching on a judged set; prints one JSON line (--cv: a second
                                        one with the 5-fold cross-validated estimates)
  calibrate --dataset DIR [--write] [--evidence-out FILE]
                                        choose the show threshold under cross-validation (--write: store it)
  fit-weights (--dataset DIR | --evidence FILE) [--write] [--fit title,retrieval,…]
                                        fit the re-ranking weights under cross-validation (--write: store them;
                                        --fit: the text features fitted, default title, retrieval, words)
  bench [--sizes 6000,60000] [--demands 1000] [--samples 100] [--dataset DIR|none] [--import-rows 10000]
        [--real-demands FILE|none] [--cuts 2000,5000] [--load-size 6000] [--connections 20] [--requests 1000]
        [--burst 200]
                                        indexing throughput, match latency vs Meilisearch and PostgreSQL, re-match time,
                                        peak RSS per hostile upload, bulk import preview and commit rows/s, load:
                                        listing and search p50/p95 and errors, a publishing burst until matched
                                        (--real-demands: JSONL of real demands to match, default
                                        ../shared/eval/zhibei-raw/demands.jsonl; synthetic ones when missing)
  bench --only match|load|import|uploads one section alone
  help                                  this text

Without DATABASE_URL the commands work on the embedded database under DATA_DIR (default ./data).`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function withDatabase<T>(config: AppConfig, work: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return work(config.databaseUrl);
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir });
  try {
    return await work(pg.url);
  } finally {
    await pg.stop();
  }
}

/** Commands that need every backend: embedded ones under DATA_DIR where no URL is configured. */
async function withBackends<T>(given: AppConfig, work: (config: AppConfig) => Promise<T>): Promise<T> {
  const backends = await startEmbeddedBackends(given);
  try {
    return await work(backends.config);
  } finally {
    await backends.stop();
  }
}

async function main(): Promise<number> {
  const [command = 'help', ...args] = process.argv.slice(2);
  const config = AppConfig.fromEnv(process.env); // the one read of the environment; fails early when malformed
  switch (command) {
    case 'migrate': {
      const applied = await withDatabase(config, (url) => runMigrations(url));
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      return 0;
    }
    case 'create-admin': {
      const email = flag(args, 'email');
      const password = flag(args, 'password');
      if (!email || !password) {
        console.error('create-admin needs --email and --password');
        return 2;
      }
      const { createAdmin } = await import('./create-admin');
      const created = await withDatabase(config, (url) => createAdmin(config, url, email, password));
      console.log(created ? `Admin ${email} created` : 'An admin already exists; nothing changed');
      return 0;
    }
    case 'reindex': {
      const only = flag(args, 'index');
      if (only && only !== 'achievements' && only !== 'demands' && only !== 'challenges') {
        console.error('--index is achievements, demands or challenges');
        return 2;
      }
      const { reindex } = await import('./reindex-command');
      await withBackends(config, (c) => reindex(c, only as 'achievements' | 'demands' | 'challenges' | undefined));
      return 0;
    }
    case 'indicators': {
      const action = args[0];
      if (action !== 'recompute' && action !== 'verify') {
        console.error('indicators takes recompute or verify');
        return 2;
      }
      const { indicators } = await import('./indicators-command');
      return withBackends(config, (c) => indicators(c, action));
    }
    case 'rematch': {
      const { rematch } = await import('./rematch-command');
      await withBackends(config, (c) => rematch(c));
      return 0;
    }
    case 'eval': {
      const dataset = flag(args, 'dataset');
      if (!dataset) {
        console.error('eval needs --dataset DIR (achievements.jsonl, demands.jsonl, qrels.jsonl)');
        return 2;
      }
      const { runEval } = await import('./eval-command');
      await runEval(config, {
        dataset,
        verbose: args.includes('--verbose'),
        cv: args.includes('--cv'),
        evidenceOut: flag(args, 'evidence-out'),
      });
      return 0;
    }
    case 'calibrate': {
      const dataset = flag(args, 'dataset');
      if (!dataset) {
        console.error('calibrate needs --dataset DIR (achievements.jsonl, demands.jsonl, qrels.jsonl)');
        return 2;
      }
      const { runCalibrate } = await import('./eval-command');
      await runCalibrate(config, {
        dataset,
        verbose: false,
        write: args.includes('--write'),
        evidenceOut: flag(args, 'evidence-out'),
      });
      return 0;
    }
    case 'fit-weights': {
      const dataset = flag(args, 'dataset');
      const evidence = flag(args, 'evidence');
      if (!dataset && !evidence) {
        console.error('fit-weights needs --dataset DIR or --evidence FILE (written by eval --evidence-out)');
        return 2;
      }
      const { runFitWeights } = await import('./eval-command');
      const fit = flag(args, 'fit')?.split(',') as Array<(typeof MATCH_TEXT_FEATURES)[number]> | undefined;
      const unknown = fit?.find((f) => !(MATCH_TEXT_FEATURES as readonly string[]).includes(f));
      if (unknown) {
        console.error(`fit-weights --fit: unknown text feature "${unknown}" (${MATCH_TEXT_FEATURES.join(', ')})`);
        return 2;
      }
      await runFitWeights(config, { dataset, evidence, write: args.includes('--write'), fit });
      return 0;
    }
    case 'bench': {
      const { benchImport, printImportBench } = await import('./bench/import-bench');
      const importRows = Number(flag(args, 'import-rows') ?? 10000);
      if (!Number.isInteger(importRows) || importRows < 10 || importRows > 50000) {
        console.error('--import-rows is the number of rows of the imported file (10–50000)');
        return 2;
      }
      const only = flag(args, 'only');
      if (only !== undefined && !['match', 'load', 'import', 'uploads'].includes(only)) {
        console.error('--only takes: match, load, import, uploads');
        return 2;
      }
      if (only === 'import') {
        process.stderr.write(`benchmark: bulk import of ${importRows} achievements\n`);
        printImportBench(await benchImport(config, importRows));
        return 0;
      }
      const { runBench } = await import('./bench/bench-command');
      const { DEFAULT_REAL_DEMANDS } = await import('./bench/real-demands');
      const sizes = (flag(args, 'sizes') ?? '6000,60000').split(',').map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
        console.error('--sizes is a comma-separated list of catalogue sizes (≥ 100)');
        return 2;
      }
      const cuts = flag(args, 'cuts')?.split(',').map(Number);
      if (cuts?.some((n) => !Number.isInteger(n) || n < 1)) {
        console.error('--cuts is a comma-separated list of postings per query bigram (≥ 1)');
        return 2;
      }
      const dataset = flag(args, 'dataset');
      const realDemands = flag(args, 'real-demands');
      const load = {
        size: Number(flag(args, 'load-size') ?? 6000),
        connections: Number(flag(args, 'connections') ?? 20),
        requests: Number(flag(args, 'requests') ?? 1000),
        burst: Number(flag(args, 'burst') ?? 200),
      };
      if (Object.values(load).some((n) => !Number.isInteger(n) || n < 1)) {
        console.error('--load-size, --connections, --requests and --burst are positive whole numbers');
        return 2;
      }
      await runBench(config, {
        only: only as 'match' | 'load' | 'uploads' | undefined,
        load,
        sizes,
        demands: Number(flag(args, 'demands') ?? 1000),
        samples: Number(flag(args, 'samples') ?? 100),
        cuts,
        // Real demands read at run time where they sit beside the project; `--real-demands none` uses synthetic ones.
        realDemands: realDemands === 'none' ? undefined : (realDemands ?? DEFAULT_REAL_DEMANDS),
        // The judged dev set, when it sits beside the project; `--dataset none` skips the quality line.
        dataset:
          dataset === 'none'
            ? undefined
            : (dataset ?? (existsSync('../shared/eval/zhibei-dev') ? '../shared/eval/zhibei-dev' : undefined)),
      });
      if (only) return 0;
      process.stderr.write(`benchmark: bulk import of ${importRows} achievements\n`);
      printImportBench(await benchImport(config, importRows));
      return 0;
    }
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
