import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';

/** Where `npm run build` puts the console (vite build → dist/web), from compiled or source code alike. */
export function findConsoleDir(webDist?: string): string | null {
  const candidates = [
    webDist, // WEB_DIST (AppConfig.webDist)
    resolve(__dirname, '../../../web'), // dist/apps/api/src → dist/web
    resolve(__dirname, '../../../dist/web'), // apps/api/src (tests, ts-node) → dist/web
  ].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? null;
}

/** First path segments the API answers (from its OpenAPI document), plus /docs and /health. */
export function apiSegments(document: OpenAPIObject): Set<string> {
  const segments = new Set(['docs', 'health']);
  for (const path of Object.keys(document.paths)) segments.add(path.split('/')[1] ?? '');
  return segments;
}

/**
 * Serves the built console from the API process: hashed files under /assets (cached for a year), and
 * index.html for any other GET that explicitly asks for text/html and whose first segment is not one of the
 * API's (history-API fallback). API routes, /docs, /health and unknown paths asked for by API clients answer
 * exactly as without the console (unknown ones with the JSON 404).
 */
export function serveConsole(app: INestApplication, document: OpenAPIObject, dir: string | null): boolean {
  if (!dir) return false;
  const index = readFileSync(join(dir, 'index.html'));
  const reserved = apiSegments(document);
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use('/favicon.svg', express.static(join(dir, 'favicon.svg')));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const accept = req.headers.accept ?? '';
    if (!/\btext\/html\b/.test(accept)) return next();
    const segment = req.path.split('/')[1] ?? '';
    if (reserved.has(segment) || segment === 'assets') return next();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.send(index);
  });
  return true;
}
