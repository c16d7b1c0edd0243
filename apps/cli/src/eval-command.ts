import { resolve } from 'node:path';

import { AppConfig } from '@app/config';
import { EvalRunner, EvalSummary, loadEvalDataset } from '@app/matching';

import { withPlatform } from './platform';
import { withScratchPlatform } from './scratch';

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
export async function runEval(config: AppConfig, options: EvalOptions): Promise<void> {
  const summary = await evaluate(config, options);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

export async function evaluate(base: AppConfig, options: EvalOptions): Promise<EvalSummary> {
  const set = await loadEvalDataset(resolve(options.dataset));
  return withScratchPlatform({ label: 'eval', preferConfiguredMeili: true }, base, (config) =>
    withPlatform(config, async (app) => {
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
      return summary;
    }),
  );
}
