// @ts-check
const fs = require('node:fs');
const path = require('node:path');

// Hand .swcrc to @swc/jest explicitly (it would otherwise only find it when jest runs from the repo root)
// and keep decorators + emitDecoratorMetadata, which TypeORM, class-validator and Nest DI rely on.
const { $schema, ...swcrc } = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const swcOptions = { ...swcrc, swcrc: false, sourceMaps: 'inline', module: { type: 'commonjs' } };

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: String.raw`\.(spec|integration-spec|e2e-spec|browser-spec)\.ts$`,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
