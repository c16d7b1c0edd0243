/**
 * Builds the API's OpenAPI document WITHOUT any running service (Nest preview mode: modules and controllers are
 * read, no provider is instantiated) and generates the console's typed client from it with openapi-typescript.
 *
 *   scripts/openapi.ts            write apps/web/src/api/{openapi.json,schema.d.ts}
 *   scripts/openapi.ts --check    regenerate into a temporary folder; exit 1 when the committed files differ
 */
import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { NestFactory } from '@nestjs/core';

import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument } from '../apps/api/src/openapi';

const ROOT = resolve(__dirname, '..');
const TARGET = join(ROOT, 'apps/web/src/api');
const FILES = ['openapi.json', 'schema.d.ts'];

async function generate(dir: string): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot({ consumeJobs: false }), { preview: true, logger: false });
  const document = buildOpenApiDocument(app);
  await app.close();
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2) + '\n');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
      join(dir, 'openapi.json'),
      '--output',
      join(dir, 'schema.d.ts'),
      '--silent',
    ],
    { stdio: 'inherit' },
  );
}

async function main(): Promise<void> {
  if (!process.argv.includes('--check')) {
    await generate(TARGET);
    console.log(`API client regenerated in ${TARGET}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'zcz-openapi-'));
  try {
    await generate(dir);
    const stale = FILES.filter((f) => {
      let committed = '';
      try {
        committed = readFileSync(join(TARGET, f), 'utf8');
      } catch {
        // missing counts as stale
      }
      return committed !== readFileSync(join(dir, f), 'utf8');
    });
    if (stale.length) {
      console.error(
        `The console's API client is out of date with the API (${stale.join(', ')}): run npm run gen:api and commit.`,
      );
      process.exitCode = 1;
    } else {
      console.log('API client matches the API');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
