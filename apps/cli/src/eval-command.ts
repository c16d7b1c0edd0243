import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runMigrations } from '@app/database';
import { startEmbeddedPostgres, startMeilisearch } from '@app/embedded';
import { EvalRunner, EvalSummary, loadEvalDataset, SearchIndexService } from '@app/matching';
import { SearchService } from '@app/search';
import { Client } from 'pg';

import { withPlatform } from './platform';

export interface EvalOptions {
  dataset: string;
  verbose: boolean;
}

/**
 * `cli eval --dataset DIR`: an isolated temporary database (a scratch database on DATABASE_URL's server, or
 * embedded PGlite) and index namespace (a random prefix on MEILI_URL, or an embedded Meilisearch), the set
 * loaded through the platform's tables and indexes, every judged demand through the production engine.
 * Prints one JSON line on stdout; progress goes to stderr.
 */
export async function runEval(options: EvalOptions): Promise<void> {
  const summary = await evaluate(options);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

export async function evaluate(options: EvalOptions): Promise<EvalSummary> {
  const set = await loadEvalDataset(resolve(options.dataset));
  const tag = randomBytes(4).toString('hex');
  const scratch = mkdtempSync(join(tmpdir(), `zcz-eval-${tag}-`));
  const cleanups: Array<() => Promise<void>> = [
    () => Promise.resolve(rmSync(scratch, { recursive: true, force: true })),
  ];
  const baseEnv = { ...process.env };
  try {
    if (process.env.DATABASE_URL) {
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const name = `zcz_eval_${tag}`;
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${name}`;
      process.env.DATABASE_URL = url.toString();
      cleanups.push(async () => {
        const c = new Client({ connectionString: baseEnv.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: scratch });
      cleanups.push(() => pg.stop());
      process.env.DATABASE_URL = pg.url;
      process.env.DATABASE_MODE = 'embedded';
    }
    if (process.env.MEILI_URL) {
      process.env.MEILI_INDEX_PREFIX = `eval_${tag}_`;
    } else {
      const meili = await startMeilisearch({
        dbPath: join(scratch, 'meili'),
        masterKey: randomBytes(24).toString('hex'),
      });
      cleanups.push(() => meili.stop());
      process.env.MEILI_URL = meili.url;
      process.env.MEILI_MASTER_KEY = meili.masterKey;
    }
    delete process.env.REDIS_URL; // jobs of the scratch platform stay in this process
    await runMigrations(process.env.DATABASE_URL);

    return await withPlatform(async (app) => {
      const runner = app.get(EvalRunner);
      const { demands } = await runner.load(set, (line) => process.stderr.write(`${line}\n`));
      const { summary, rows } = await runner.run(set, demands);
      if (options.verbose) {
        process.stderr.write('demand\trelevant\tnDCG@10\tbaseline\tR@10\tMRR\tms\ttitle\n');
        for (const r of rows) {
          process.stderr.write(
            [
              r.demand,
              r.judgedRelevant,
              r.engine.ndcg10.toFixed(3),
              r.baseline.ndcg10.toFixed(3),
              r.engine.recall10.toFixed(3),
              r.engine.mrr.toFixed(3),
              r.ms.toFixed(0),
              r.title,
            ].join('\t') + '\n',
          );
        }
      }
      if (baseEnv.MEILI_URL) {
        const search = app.get(SearchService);
        const index = app.get(SearchIndexService);
        for (const kind of ['achievements', 'demands'] as const) await search.client.deleteIndex(index.uid(kind));
      }
      return summary;
    });
  } finally {
    process.env = baseEnv;
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
