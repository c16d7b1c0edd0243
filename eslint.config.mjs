import path from 'node:path';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** `apps/<name>` or `libs/<name>` holding a repository path, or null (test/, scripts/, …). */
function unitOf(file) {
  const [top, name] = path.relative(ROOT, file).split(path.sep);
  return (top === 'apps' || top === 'libs') && name ? `${top}/${name}` : null;
}

/**
 * Lib boundaries: libs never import apps, apps never import each other, and another lib is imported through its
 * index (`@app/x`), never by a deep path (`@app/x/...`) or a relative path into its folder.
 */
const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = unitOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const source = node?.value;
      if (typeof source !== 'string') return;
      const alias = /^@app\/([^/]+)(\/.*)?$/.exec(source);
      if (alias) {
        if (alias[2] && `libs/${alias[1]}` !== from) {
          context.report({ node, message: `Import @app/${alias[1]} (its index), not the deep path ${source}.` });
        }
        return;
      }
      if (!source.startsWith('.')) return;
      const to = unitOf(path.resolve(path.dirname(context.filename), source));
      if (!to || to === from) return;
      const message = to.startsWith('libs/')
        ? `Import @app/${to.slice(5)} (its index), not a relative path into ${to}.`
        : from.startsWith('libs/')
          ? `A lib must not import an app (${to}).`
          : `An app must not import another app (${to}); move what both need into a lib.`;
      context.report({ node, message });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'apps/web/src/api/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { 'simple-import-sort': simpleImportSort, platform: { rules: { boundaries } } },
    rules: {
      'platform/boundaries': 'error',
      'simple-import-sort/imports': 'warn',
      'simple-import-sort/exports': 'warn',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': 'off',
    },
  },
  {
    // Settings are read once, by AppConfig (libs/config), from the environment the entry points hand it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**', 'apps/*/src/main.ts', 'apps/web/**', '**/__tests__/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings from AppConfig (libs/config); add new ones there.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
