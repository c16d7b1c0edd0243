import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { AppConfig } from '@app/config';
import {
  crossValidateThreshold,
  crossValidateWeights,
  EvalEvidence,
  EvalRunner,
  EvalSummary,
  FITTED_TEXT_FEATURES,
  heldOutShownPrecision,
  JudgedList,
  loadEvalDataset,
  MatchingEngine,
  RankingParameters,
  TextFeature,
} from '@app/matching';

import { withPlatform } from './platform';
import { withScratchPlatform } from './scratch';

export interface EvalOptions {
  dataset: string;
  verbose: boolean;
  /** Also print the cross-validated estimates (re-ranking weights and show threshold). */
  cv?: boolean;
  /** Write every judged demand's candidate evidence to this file (for `fit-weights --evidence`). */
  evidenceOut?: string;
}

/** The files `calibrate --write` and `fit-weights --write` update (the engine reads them as data). */
const DATA_DIR = resolve(__dirname, '../../../libs/matching/src/data');
const CALIBRATION_FILE = resolve(DATA_DIR, 'match-calibration.json');
const WEIGHTS_FILE = resolve(DATA_DIR, 'match-weights.json');

const round = (x: number) => Math.round(x * 10000) / 10000;

interface FullEval {
  summary: EvalSummary;
  lists: JudgedList[];
  evidence: EvalEvidence[];
  parameters: RankingParameters;
}

/**
 * `cli eval --dataset DIR`: an isolated temporary database (a scratch database on DATABASE_URL's server, or
 * embedded PGlite) and index namespace (a random prefix on MEILI_URL, or an embedded Meilisearch), the set
 * loaded through the platform's tables and indexes, every judged demand through the production engine.
 * Prints one JSON line on stdout (with `--cv` a second one: the cross-validated estimates); progress on stderr.
 */
export async function runEval(config: AppConfig, options: EvalOptions): Promise<void> {
  const full = await evaluateFull(config, options, Boolean(options.cv || options.evidenceOut));
  process.stdout.write(`${JSON.stringify(full.summary)}\n`);
  if (options.evidenceOut) writeFileSync(options.evidenceOut, JSON.stringify(full.evidence));
  if (options.cv) process.stdout.write(`${JSON.stringify(crossValidatedLine(full))}\n`);
}

export async function evaluate(base: AppConfig, options: EvalOptions): Promise<EvalSummary> {
  return (await evaluateFull(base, options, false)).summary;
}

async function evaluateFull(base: AppConfig, options: EvalOptions, keepEvidence: boolean): Promise<FullEval> {
  const set = await loadEvalDataset(resolve(options.dataset));
  return withScratchPlatform({ label: 'eval', preferConfiguredMeili: true }, base, (config) =>
    withPlatform(config, async (app) => {
      const runner = app.get(EvalRunner);
      const { demands } = await runner.load(set, (line) => process.stderr.write(`${line}\n`));
      const { summary, rows, lists, evidence } = await runner.run(set, demands, { keepEvidence });
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
      return { summary, lists, evidence, parameters: await app.get(MatchingEngine).rankingParameters() };
    }),
  );
}

/**
 * The text features fitted by default: FITTED_TEXT_FEATURES, and the semantic feature when the run had semantic
 * evidence (its weight is in force only then), so a deployment with a model measures the fitted weight of its own.
 */
function defaultFit(parameters: RankingParameters): TextFeature[] {
  return parameters.textWeights.semantic > 0 ? [...FITTED_TEXT_FEATURES, 'semantic'] : FITTED_TEXT_FEATURES;
}

/** Whether evidence kept by `eval --evidence-out` was gathered with semantic evidence (an embedder configured). */
function hasSemanticEvidence(evidence: EvalEvidence[]): boolean {
  return evidence.some((x) => x.evidence.some((e) => e.semantic !== undefined));
}

/** The cross-validated figures next to the in-sample ones (5 folds by demand, fixed seed). */
function crossValidatedLine(full: FullEval) {
  const weights = crossValidateWeights(full.evidence, full.parameters, 5, defaultFit(full.parameters));
  const threshold = crossValidateThreshold(full.lists, 5);
  return {
    text_evidence: full.summary.text_evidence,
    cv_folds: weights.k,
    'ndcg@10': round(weights.inSample.ndcg10),
    'cv_ndcg@10': round(weights.crossValidated.ndcg10),
    'cv_recall@10': round(weights.crossValidated.recall10),
    'fitted_ndcg@10': round(weights.fittedInSample.ndcg10),
    fitted_weights: weights.fitted,
    show_threshold_fitted: threshold.threshold,
    show_threshold_folds: threshold.foldThresholds,
    cv_shown_precision: round(threshold.heldOut.shownPrecision),
    cv_shown_relevant_kept: round(threshold.heldOut.relevantKept),
    cv_no_match_demands: threshold.heldOut.noMatch,
    cv_no_match_truly_none: threshold.heldOut.noMatchTrulyNone,
  };
}

/**
 * `cli calibrate --dataset DIR [--write]`: the show threshold under 5-fold cross-validation by demand (see
 * engine/confidence.ts for the rule); `--write` stores the threshold chosen on all demands.
 */
export async function runCalibrate(config: AppConfig, options: EvalOptions & { write: boolean }): Promise<void> {
  const full = await evaluateFull(config, options, Boolean(options.evidenceOut));
  process.stdout.write(`${JSON.stringify(full.summary)}\n`);
  if (options.evidenceOut) writeFileSync(options.evidenceOut, JSON.stringify(full.evidence));
  const cv = crossValidateThreshold(full.lists, 5);
  const out = {
    threshold: cv.threshold,
    fold_thresholds: cv.foldThresholds,
    in_sample: cv.inSample,
    held_out: { ...cv.heldOut, threshold: null },
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (options.write) {
    const data = {
      showThreshold: cv.threshold,
      rule: 'highest shown-precision keeping ≥ 80 % of the relevant stored top-10 suggestions, thresholds in steps of 0.01',
      calibratedBy: `npm run cli -- calibrate --dataset ${options.dataset} --write`,
      heldOut: {
        shownPrecision: round(cv.heldOut.shownPrecision),
        relevantKept: round(cv.heldOut.relevantKept),
        noMatch: cv.heldOut.noMatch,
        noMatchTrulyNone: cv.heldOut.noMatchTrulyNone,
        demands: cv.heldOut.demands,
      },
    };
    writeFileSync(CALIBRATION_FILE, `${JSON.stringify(data, null, 2)}\n`);
    process.stderr.write(`wrote ${CALIBRATION_FILE}\n`);
  }
}

/**
 * `cli fit-weights (--dataset DIR | --evidence FILE) [--write]`: fits the re-ranking weights (eval/rerank-fit.ts)
 * under 5-fold cross-validation; `--write` stores the weights fitted on all demands in match-weights.json.
 */
export async function runFitWeights(
  config: AppConfig,
  options: { dataset?: string; evidence?: string; write: boolean; fit?: TextFeature[] },
): Promise<void> {
  let evidence: EvalEvidence[];
  let parameters: RankingParameters;
  let textEvidence: string;
  if (options.evidence) {
    evidence = JSON.parse(readFileSync(options.evidence, 'utf8')) as EvalEvidence[];
    // the weights in force for this evidence: the semantic feature counts when it was gathered with a model
    const semantic = hasSemanticEvidence(evidence);
    parameters = await withScratchPlatform({ label: 'fit', preferConfiguredMeili: true }, config, (c) =>
      withPlatform(c, (app) => app.get(MatchingEngine).rankingParameters(semantic)),
    );
    textEvidence = semantic ? `keyword + semantic (evidence file)` : 'keyword only (evidence file)';
  } else {
    const full = await evaluateFull(config, { dataset: options.dataset!, verbose: false }, true);
    evidence = full.evidence;
    parameters = full.parameters;
    textEvidence = full.summary.text_evidence;
  }
  const cv = crossValidateWeights(evidence, parameters, 5, options.fit ?? defaultFit(parameters));
  process.stdout.write(
    `${JSON.stringify({
      text_evidence: textEvidence,
      cv_folds: cv.k,
      'ndcg@10': round(cv.inSample.ndcg10),
      'recall@10': round(cv.inSample.recall10),
      'cv_ndcg@10': round(cv.crossValidated.ndcg10),
      'cv_recall@10': round(cv.crossValidated.recall10),
      'fitted_ndcg@10': round(cv.fittedInSample.ndcg10),
      'fitted_recall@10': round(cv.fittedInSample.recall10),
      cv_shown_precision: round(heldOutShownPrecision(evidence, parameters)),
      fitted_cv_shown_precision: round(heldOutShownPrecision(evidence, parameters, cv.fitted)),
      fitted: cv.fitted,
      folds: cv.foldWeights,
    })}\n`,
  );
  if (options.write) {
    const data = {
      factors: cv.fitted.weights,
      textFeatures: cv.fitted.textWeights,
      provenance:
        `Fitted by 'npm run cli -- fit-weights --dataset ${options.dataset ?? '…'} --write': ` +
        `nDCG@10 ${round(cv.crossValidated.ndcg10)} held out (${cv.k}-fold), ${round(cv.fittedInSample.ndcg10)} in-sample.`,
    };
    writeFileSync(WEIGHTS_FILE, `${JSON.stringify(data, null, 2)}\n`);
    process.stderr.write(`wrote ${WEIGHTS_FILE}\n`);
  }
}
