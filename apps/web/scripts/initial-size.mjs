// Reports the JavaScript a visitor's browser loads for the public home page (entry + the lazy chunks that route
// renders at once), gzipped, from Vite's manifest. Exits 1 above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 350;
const dist = process.argv[2] ?? 'dist/web';
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const roots = ['index.html', 'src/layouts/PublicLayout.tsx', 'src/pages/Home.tsx'];

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
roots.forEach(visit);

let raw = 0;
let gz = 0;
for (const file of files) {
  if (!file.endsWith('.js')) continue;
  const buf = readFileSync(join(dist, file));
  raw += buf.length;
  gz += gzipSync(buf, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`Console home page initial JavaScript: ${kb(gz)} KB gzipped (${kb(raw)} KB raw, ${files.size} files)`);
if (gz / 1024 > BUDGET_KB) {
  console.error(`Over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
