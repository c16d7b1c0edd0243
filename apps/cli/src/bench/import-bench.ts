import { AppConfig } from '@app/config';
import { OrganisationKind } from '@app/registry';

import { withScratchPlatform } from '../scratch';
import { startBenchApi } from './bench-api';
import { prng, syntheticAchievement } from './synthetic';

const BENCH_ADMIN = { email: 'bench@zcz.local', password: 'Bench@2026' };
const UNIVERSITY = '基准测试大学';

export interface ImportBenchResult {
  rows: number;
  previewSeconds: number;
  commitSeconds: number;
  applied: number;
  queue: string;
}

/** A UTF-8 csv of `rows` distinct synthetic achievements, as a university would fill the template. */
function achievementCsv(rows: number): Buffer {
  const rnd = prng(rows);
  const lines = [
    '成果名称*,所属单位*,成果简介*,关键词(用；分隔),所属产业链(用；分隔),技术成熟度TRL(1-9),参考价格(万元)',
  ];
  for (let n = 0; n < rows; n++) {
    const a = syntheticAchievement(rnd, n);
    // The synthetic abstracts share most of their wording, so the preview would flag them as near-duplicates;
    // project-specific terms (team jargon, material grades) keep each body apart, as real abstracts are.
    const jargon = Array.from({ length: 4 }, () =>
      Array.from({ length: 5 }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x4000))).join(''),
    );
    const abstract =
      `针对${a.keywords[0]}，课题组以${jargon[0]}为核心，采用${a.keywords[1]}，突破${jargon[1]}与${jargon[2]}难题，` +
      `形成${jargon[3]}工艺包，适用于${a.keywords[2]}。`;
    lines.push(
      [a.title, UNIVERSITY, abstract, a.keywords.join('；'), a.chain, a.trl, a.askingPrice ?? '面议'].join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}`);
}

/**
 * Bulk import throughput: one scratch platform, a csv of `rows` achievements uploaded over HTTP, timed from upload
 * to `previewed` and from the commit request to `committed` (the commit job's wall time, follow-up jobs running
 * beside it as in production). Jobs go through BullMQ when REDIS_URL is set (production's bounded worker
 * concurrency), else in process.
 */
export async function benchImport(base: AppConfig, rows: number): Promise<ImportBenchResult> {
  return withScratchPlatform(
    { label: 'bench_import', preferConfiguredMeili: false, preferConfiguredRedis: true },
    base,
    async (scratch) => {
      const config = scratch.with({
        adminEmail: BENCH_ADMIN.email,
        adminPassword: BENCH_ADMIN.password,
        logLevel: 'error',
      });
      const file = achievementCsv(rows);
      const cleanups: Array<() => Promise<unknown>> = [];
      try {
        const { app, base, bulk } = await startBenchApi(cleanups, config);
        // polls are seconds apart on a loaded machine; keep their connection open between them
        (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 120000;
        await bulk.organisation({
          kind: OrganisationKind.University,
          name: UNIVERSITY,
          district: '周市镇',
          tierFlags: [],
        });
        const login = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(BENCH_ADMIN),
        });
        const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
        const until = async (id: string, states: string[]) => {
          for (;;) {
            // a loaded machine may drop an idle keep-alive connection under a poll: ask again
            const res = await fetch(`${base}/imports/${id}`, { headers: auth }).catch(() => null);
            if (!res) continue;
            const batch = (await res.json()) as {
              status: string;
              error: string | null;
              counts: Record<string, number>;
            };
            if (states.includes(batch.status)) return batch;
            if (batch.status === 'failed') throw new Error(`import failed: ${batch.error}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        };

        const form = new FormData();
        form.append('kind', 'achievements');
        form.append('file', new Blob([file], { type: 'text/csv' }), '基准测试成果.csv');
        let started = performance.now();
        const upload = await fetch(`${base}/imports`, { method: 'POST', headers: auth, body: form });
        if (upload.status !== 202) throw new Error(`upload refused: ${upload.status} ${await upload.text()}`);
        const { id } = (await upload.json()) as { id: string };
        const previewed = await until(id, ['previewed']);
        const previewSeconds = (performance.now() - started) / 1000;
        process.stderr.write(
          `  import: ${rows} rows previewed in ${previewSeconds.toFixed(1)} s ${JSON.stringify(previewed.counts)}\n`,
        );

        started = performance.now();
        const commit = await fetch(`${base}/imports/${id}/commit`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{}',
        });
        if (commit.status !== 202) throw new Error(`commit refused: ${commit.status} ${await commit.text()}`);
        const committed = await until(id, ['committed']);
        const commitSeconds = (performance.now() - started) / 1000;
        return {
          rows,
          previewSeconds,
          commitSeconds,
          applied: committed.counts.applied,
          queue: config.redisUrl ? 'BullMQ' : 'in-process jobs',
        };
      } finally {
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      }
    },
  );
}

export function printImportBench(r: ImportBenchResult): void {
  console.log(`bulk import of ${r.rows} achievements (csv over HTTP, ${r.queue})`);
  console.log(
    `import preview   ${r.rows} rows in ${r.previewSeconds.toFixed(1)} s = ${Math.round(r.rows / r.previewSeconds)} rows/s`,
  );
  console.log(
    `import commit    ${r.applied} rows in ${r.commitSeconds.toFixed(1)} s = ${Math.round(r.applied / r.commitSeconds)} rows/s`,
  );
}
