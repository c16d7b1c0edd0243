import { AppConfig } from '@app/config';
import { hostileXlsx } from '@app/files';
import { COLUMNS } from '@app/imports';

import { withScratchPlatform } from '../scratch';
import { startBenchApi } from './bench-api';

const { repeat, workbookParts, xmlRow, zip } = hostileXlsx;

const MB = 1024 * 1024;
const HEADERS = COLUMNS.achievements.map((c) => c.header);
const ADMIN = { email: 'bench-uploads@zcz.local', password: 'Bench@2026' };

export interface UploadFigure {
  label: string;
  fileKb: number;
  status: string;
  peakMb: number;
  ms: number;
}

const dataRow = (r: number) =>
  xmlRow(r, [
    `基于飞秒激光微加工的谐波减速器关键技术（${r}型）`,
    '苏州大学',
    '面向昆山开发区智能制造企业的精密传动方案。',
  ]);

/** The hostile files of the upload limits (see libs/imports/README.md), built by streaming deflate. */
async function hostileFiles(): Promise<Array<{ label: string; file: Buffer; copies?: number }>> {
  const header = xmlRow(1, HEADERS);
  return [
    {
      label: '100 MB shared string',
      file: await zip(workbookParts([header], { count: 1, items: repeat('a', 100 * MB) })),
    },
    {
      label: '4 × 100 MB shared string at once',
      file: await zip(workbookParts([header], { count: 1, items: repeat('a', 100 * MB) })),
      copies: 4,
    },
    {
      label: '3 M blank rows before the header',
      file: await zip(
        workbookParts(
          (function* () {
            for (let r = 1; r <= 3_000_000; r++) yield `<row r="${r}" spans="1:14" ht="15"/>`;
            yield xmlRow(3_000_001, HEADERS);
          })(),
        ),
      ),
    },
    { label: 'zip bomb (200 MB sheet)', file: await zip(workbookParts([header, ...repeat('<row/>', 33 * MB)])) },
    {
      label: '50 001 data rows (refused by the job)',
      file: await zip(
        workbookParts(
          (function* () {
            yield header;
            for (let r = 2; r <= 50_002; r++) yield dataRow(r);
          })(),
        ),
      ),
    },
  ];
}

/**
 * Uploads each hostile file to a scratch API in this process and reports the peak growth of the process RSS
 * (sampled every 5 ms) until the refusal — the 4xx of the upload, or the failed batch for the file the preview
 * job refuses.
 */
export async function benchUploads(base: AppConfig): Promise<UploadFigure[]> {
  const files = await hostileFiles();
  return withScratchPlatform({ label: 'benchup', preferConfiguredMeili: false }, base, async (scratch) => {
    const config = scratch.with({ adminEmail: ADMIN.email, adminPassword: ADMIN.password, logLevel: 'error' });
    const cleanups: Array<() => Promise<unknown>> = [];
    try {
      const { base } = await startBenchApi(cleanups, config);
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
      const upload = async (file: Buffer, name: string): Promise<string> => {
        const form = new FormData();
        form.set('kind', 'achievements');
        form.set('file', new Blob([file]), name);
        const res = await fetch(`${base}/imports`, { method: 'POST', headers: auth, body: form });
        const body = (await res.json()) as { id?: string; code?: string; error?: string };
        if (res.status !== 202) return `${res.status} ${body.code}`;
        for (;;) {
          const b = (await (await fetch(`${base}/imports/${body.id}`, { headers: auth })).json()) as {
            status: string;
            error: string | null;
          };
          if (b.status === 'failed' || b.status === 'previewed') return `job ${b.status}`;
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const figures: UploadFigure[] = [];
      for (const { label, file, copies = 1 } of files) {
        const before = process.memoryUsage().rss;
        let peak = before;
        const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
        const started = performance.now();
        const statuses = await Promise.all(Array.from({ length: copies }, (_, i) => upload(file, `${i}.xlsx`)));
        clearInterval(timer);
        peak = Math.max(peak, process.memoryUsage().rss);
        figures.push({
          label,
          fileKb: file.length / 1024,
          status: [...new Set(statuses)].join(', '),
          peakMb: (peak - before) / MB,
          ms: performance.now() - started,
        });
      }
      return figures;
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  });
}

export function printUploadFigures(figures: UploadFigure[]): void {
  console.log('upload peak RSS per malicious file (growth of the API process until refused):');
  for (const f of figures) {
    console.log(
      `  ${f.label.padEnd(40)}${`${f.fileKb.toFixed(0)} KB`.padStart(10)}  ${f.status.padEnd(30)}` +
        `+${f.peakMb.toFixed(0)} MB in ${f.ms.toFixed(0)} ms`,
    );
  }
}
