import { AppConfig, ConfigError } from '../app-config';

function bootError(env: Record<string, string>): string {
  try {
    AppConfig.fromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig', () => {
  it('keeps the matching defaults when no tuning variable is set', () => {
    expect(AppConfig.fromEnv({}).matching).toEqual({
      weights: {},
      textWeights: {},
      keywordQueries: 20,
      hitsPerQuery: 15,
      bigramCandidates: 200,
      semanticCandidates: 100,
      demandIdf: true,
      featureCacheSize: 60000,
      modelMaxAgeMs: 600000,
      modelCheckMs: 5000,
      bigramsPerDocument: 64,
      queryBigrams: 64,
      postingsPerBigram: 3000,
      rematchConcurrency: 2,
    });
    expect(AppConfig.fromEnv({}).reconcileIntervalMs).toBe(30000);
  });

  it('reads every matching variable', () => {
    const { matching } = AppConfig.fromEnv({
      MATCH_WEIGHTS: '{"text": 3, "region": 0}',
      MATCH_TEXT_WEIGHTS: '{"title": 1}',
      MATCH_KEYWORD_QUERIES: '12',
      MATCH_HITS_PER_QUERY: '30',
      MATCH_BIGRAM_CANDIDATES: '0',
      MATCH_SEMANTIC_CANDIDATES: '40',
      MATCH_DEMAND_IDF: '0',
      MATCH_FEATURE_CACHE: '100',
      MATCH_MODEL_MAX_AGE_MS: '1000',
      MATCH_MODEL_CHECK_MS: '0',
      MATCH_BIGRAMS_PER_DOC: '32',
      MATCH_QUERY_BIGRAMS: '16',
      MATCH_POSTINGS_PER_BIGRAM: '2500',
      MATCH_REMATCH_CONCURRENCY: '3',
    });
    expect(matching).toEqual({
      weights: { text: 3, region: 0 },
      textWeights: { title: 1 },
      keywordQueries: 12,
      hitsPerQuery: 30,
      bigramCandidates: 0,
      semanticCandidates: 40,
      demandIdf: false,
      featureCacheSize: 100,
      modelMaxAgeMs: 1000,
      modelCheckMs: 0,
      bigramsPerDocument: 32,
      queryBigrams: 16,
      postingsPerBigram: 2500,
      rematchConcurrency: 3,
    });
  });

  it('refuses a typo at boot, naming the variable, instead of running on NaN', () => {
    expect(bootError({ MATCH_KEYWORD_QUERIES: '2O' })).toMatch(/MATCH_KEYWORD_QUERIES/);
    expect(bootError({ MATCH_HITS_PER_QUERY: 'fifteen' })).toMatch(/MATCH_HITS_PER_QUERY/);
    expect(bootError({ MATCH_MODEL_CHECK_MS: '5s' })).toMatch(/MATCH_MODEL_CHECK_MS/);
    expect(bootError({ MATCH_DEMAND_IDF: 'no' })).toMatch(/MATCH_DEMAND_IDF/);
    expect(bootError({ MATCH_SEMANTIC_CANDIDATES: '5000' })).toMatch(/MATCH_SEMANTIC_CANDIDATES/);
    expect(bootError({ RECONCILE_INTERVAL_MS: '30 000' })).toMatch(/RECONCILE_INTERVAL_MS/);
  });

  it('refuses weight maps that are not JSON objects of known factors and non-negative numbers', () => {
    expect(bootError({ MATCH_WEIGHTS: '{text: 3}' })).toMatch(/MATCH_WEIGHTS is not valid JSON/);
    expect(bootError({ MATCH_WEIGHTS: '[1]' })).toMatch(/MATCH_WEIGHTS must be a JSON object/);
    expect(bootError({ MATCH_WEIGHTS: '{"txet": 3}' })).toMatch(/MATCH_WEIGHTS has an unknown key "txet"/);
    expect(bootError({ MATCH_TEXT_WEIGHTS: '{"title": "1"}' })).toMatch(/MATCH_TEXT_WEIGHTS "title" must be/);
    expect(bootError({ MATCH_TEXT_WEIGHTS: '{"title": -1}' })).toMatch(/MATCH_TEXT_WEIGHTS "title" must be/);
  });

  it('lists every problem at once', () => {
    const message = bootError({ MATCH_FEATURE_CACHE: 'x', MATCH_QUERY_BIGRAMS: '0', PORT: 'http' });
    expect(message).toMatch(/MATCH_FEATURE_CACHE/);
    expect(message).toMatch(/MATCH_QUERY_BIGRAMS/);
    expect(message).toMatch(/PORT/);
  });

  it('hands out changed copies without touching the original', () => {
    const base = AppConfig.fromEnv({ QUEUE_PREFIX: 'zcz' });
    const copy = base.with({ databaseUrl: 'postgres://127.0.0.1/scratch', queuePrefix: 'scratch' });
    expect(copy).toBeInstanceOf(AppConfig);
    expect(copy.databaseUrl).toBe('postgres://127.0.0.1/scratch');
    expect(copy.queuePrefix).toBe('scratch');
    expect(copy.matching).toEqual(base.matching);
    expect(base.queuePrefix).toBe('zcz');
    expect(base.databaseUrl).toBeUndefined();
    expect(copy.requireRuntime).toBe(base.requireRuntime);
  });
});
