// @ts-check
const fs = require('node:fs');
const path = require('node:path');

// Hand .swcrc to @swc/jest explicitly (it would otherwise only find it when jest runs from the repo root)
// and keep decorators + emitDecoratorMetadata, which TypeORM, class-validator and Nest DI rely on.
const { $schema, ...swcrc } = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const swcOptions = { ...swcrc, swcrc: false, sourceMaps: 'inline', module: { type: 'commonjs' } };

/** What every project shares: TypeScript through swc, the @app/* aliases, Node. */
const base = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/**
 * Real PostgreSQL, Redis and a Meilisearch of the run's own (test/global-setup.ts). Each project that needs them
 * names the same setup; it starts the services once per run however many of these projects run.
 */
const services = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

/**
 * Four projects, told apart by file name:
 *   unit         *.spec.ts              pure logic, no service reachable or started (npm run test:unit)
 *   integration  *.integration-spec.ts  one lib against real services (npm run test:integration)
 *   e2e          *.e2e-spec.ts          the HTTP API (and worker, CLI) against real services (npm run test:e2e)
 *   browser      *.browser-spec.ts      the console in Chromium against the real API (npm run test:browser)
 * `npm test` runs all four.
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testRegex: String.raw`\.spec\.ts$`,
    },
    {
      ...base,
      ...services,
      displayName: 'integration',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testRegex: String.raw`\.integration-spec\.ts$`,
    },
    {
      ...base,
      ...services,
      displayName: 'e2e',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testRegex: String.raw`\.e2e-spec\.ts$`,
    },
    {
      ...base,
      ...services,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testRegex: String.raw`\.browser-spec\.ts$`,
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
