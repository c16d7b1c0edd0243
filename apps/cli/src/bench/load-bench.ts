import { randomBytes } from 'node:crypto';

import { AppConfig } from '@app/config';
import { CorpusModelService, SearchIndexService } from '@app/matching';
import { AchievementStatus, DemandKind, DemandStatus, OrganisationKind, SyncColumn } from '@app/registry';
import IORedis from 'ioredis';

import { withScratchPlatform } from '../scratch';
import { startBenchApi } from './bench-api';
import { prng, syntheticAchievement, syntheticDemand } from './synthetic';

export interface LoadOptions {
  /** Achievements in the catalogue the load runs against. */
  size: number;
  /** Concurrent connections of the read load. */
  connections: number;
  /** Requests per read scenario. */
  requests: number;
  /** Records published in the burst (half achievements, half demands). */
  burst: number;
}

export interface ReadResult {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  perSecond: number;
}

export interface LoadResult {
  size: number;
  queue: string;
  reads: ReadResult[];
  burst: number;
  publishSeconds: number;
  publishErrors: number;
  indexedSeconds: number;
  matchedSeconds: number;
}

const LOAD_ADMIN = { email: 'load@zcz.local', password: 'Load@2026bench' };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `connections` loops share `total` requests; every non-2xx answer or network error counts as an error. */
async function hammer(
  name: string,
  connections: number,
  total: number,
  url: (i: number) => string,
  headers: Record<string, string> = {},
): Promise<ReadResult> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        try {
          const res = await fetch(url(i), { headers });
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    requests: total,
    errors,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    perSecond: total / seconds,
  };
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) return Number.NaN;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Load on a scratch platform (API with its job consumers in the same process; BullMQ on REDIS_URL when one is
 * configured, else in-process jobs): public listing and search under concurrent connections, then a burst of
 * publishes measured until every record is indexed and matched.
 */
export async function benchLoad(base: AppConfig, options: LoadOptions): Promise<LoadResult> {
  const redisUrl = base.redisUrl;
  return withScratchPlatform({ label: 'load', preferConfiguredMeili: false }, base, async (scratch) => {
    const cleanups: Array<() => Promise<unknown>> = [];
    const prefix = `zcz-load-${randomBytes(4).toString('hex')}`;
    let config = scratch.with({ adminEmail: LOAD_ADMIN.email, adminPassword: LOAD_ADMIN.password, logLevel: 'error' });
    try {
      if (redisUrl) {
        config = config.with({ redisUrl, queueMode: 'external', queuePrefix: prefix });
        cleanups.push(async () => {
          const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
          const stream = redis.scanStream({ match: `${prefix}:*`, count: 500 });
          for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.unlink(...keys);
          redis.disconnect();
        });
      }
      const { app, base, bulk, state } = await startBenchApi(cleanups, config);

      // ---- catalogue, straight into the tables; counted as indexed and matched already ----
      const chains = await bulk.chainIdsByCode();
      const university = await bulk.organisation({
        kind: OrganisationKind.University,
        name: '负载测试大学',
        district: '周市镇',
        tierFlags: [],
      });
      const enterprise = await bulk.organisation({
        kind: OrganisationKind.Enterprise,
        name: '负载测试企业',
        tierFlags: [],
      });
      const rnd = prng(options.size + 7);
      const now = new Date();
      const achievementRow = (i: number, status: AchievementStatus) => {
        const a = syntheticAchievement(rnd, i);
        return {
          title: a.title,
          abstract: a.abstract,
          keywords: a.keywords,
          institutionId: university.id,
          industryChainIds: [chains.get(a.chain)!],
          trl: a.trl,
          askingPrice: a.askingPrice,
          status,
          publishedAt: status === AchievementStatus.Published ? now : null,
        };
      };
      const demandRow = (i: number, status: DemandStatus) => {
        const d = syntheticDemand(rnd, i);
        return {
          title: d.title,
          description: d.description,
          keywords: d.keywords,
          industryChainIds: [chains.get(d.chain)!],
          kind: DemandKind.Chain,
          requiredTrl: d.requiredTrl,
          budgetMax: d.budgetMax,
          status,
          publishedAt: status === DemandStatus.Published ? now : null,
          ownerOrganisationId: enterprise.id,
        };
      };
      for (let i = 0; i < options.size; i += 2000) {
        const rows = Array.from({ length: Math.min(2000, options.size - i) }, (_, j) =>
          achievementRow(i + j, AchievementStatus.Published),
        );
        await bulk.insertAchievements(rows);
      }
      const openDemands = Math.max(100, Math.round(options.size / 20));
      await bulk.insertDemands(Array.from({ length: openDemands }, (_, i) => demandRow(i, DemandStatus.Published)));
      await state.markCurrent('achievements', ['matched_version']);
      await state.markCurrent('demands', ['matched_version']);
      const index = app.get(SearchIndexService);
      await index.reindex('achievements');
      await index.reindex('demands');
      await app.get(CorpusModelService).rebuild('achievements');
      const words = await bulk.achievementKeywordSample(200);
      process.stderr.write(`  load: ${options.size} achievements, ${openDemands} demands indexed\n`);

      // ---- read load: anonymous listing and search, N connections ----
      const reads: ReadResult[] = [];
      const chainIds = [...chains.values()];
      reads.push(
        await hammer(
          'GET /public/achievements (page, chain)',
          options.connections,
          options.requests,
          (i) => `${base}/public/achievements?page=${1 + (i % 25)}&pageSize=20&chain=${chainIds[i % chainIds.length]}`,
        ),
      );
      reads.push(
        await hammer(
          'GET /search/achievements?q=',
          options.connections,
          options.requests,
          (i) => `${base}/search/achievements?q=${encodeURIComponent(words[i % words.length] ?? '谐波减速器')}`,
        ),
      );

      // ---- publishing burst: drafts prepared, then every publish at once over N connections ----
      const half = Math.floor(options.burst / 2);
      const achievementIds = await bulk.insertAchievements(
        Array.from({ length: half }, (_, i) => achievementRow(options.size + i, AchievementStatus.Draft)),
      );
      const demandIds = await bulk.insertDemands(
        Array.from({ length: options.burst - half }, (_, i) => demandRow(openDemands + i, DemandStatus.Submitted)),
      );
      // the drafts' own index syncs (reconciler) settle before the clock starts
      await state.markCurrent('achievements', ['indexed_version', 'matched_version'], achievementIds);
      await state.markCurrent('demands', ['indexed_version', 'matched_version'], demandIds);
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(LOAD_ADMIN),
      });
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      const targets = [
        ...achievementIds.map((id) => `${base}/achievements/${id}/publish`),
        ...demandIds.map((id) => `${base}/demands/${id}/publish`),
      ];
      let publishErrors = 0;
      let cursor = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: options.connections }, async () => {
          while (cursor < targets.length) {
            const url = targets[cursor++];
            const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(
              () => null,
            );
            if (!res?.ok) publishErrors++;
            await res?.arrayBuffer();
          }
        }),
      );
      const publishSeconds = (performance.now() - started) / 1000;
      const lagging = async (column: SyncColumn) =>
        (await state.stillLagging('achievements', achievementIds, column)).size +
        (await state.stillLagging('demands', demandIds, column)).size;
      const indexed = await waitUntil(async () => (await lagging('indexed_version')) === 0, 600000);
      const matched = await waitUntil(async () => (await lagging('matched_version')) === 0, 900000);
      return {
        size: options.size,
        queue: redisUrl ? 'BullMQ (Redis)' : 'in-process',
        reads,
        burst: targets.length,
        publishSeconds,
        publishErrors,
        indexedSeconds: publishSeconds + indexed,
        matchedSeconds: publishSeconds + indexed + matched,
      };
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
  });
}

export function printLoad(r: LoadResult, connections: number): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`\nLoad (${r.size} achievements, ${connections} connections, jobs: ${r.queue})`);
  for (const read of r.reads) {
    console.log(
      `  ${read.name.padEnd(42)} p50 ${ms(read.p50)}  p95 ${ms(read.p95)}  ` +
        `${read.perSecond.toFixed(0)} req/s  errors ${read.errors}/${read.requests}`,
    );
  }
  console.log(
    `  ${`${r.burst} publishes in a burst`.padEnd(42)} requests ${r.publishSeconds.toFixed(1)} s (errors ${r.publishErrors}), ` +
      `all indexed after ${r.indexedSeconds.toFixed(1)} s, all matched after ${r.matchedSeconds.toFixed(1)} s`,
  );
}
