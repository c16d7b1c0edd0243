import { AppError, ErrorCode } from '@app/common';
import { HttpStatus } from '@nestjs/common';

import { MeiliHttpError, MeiliUnavailableError } from './meili-http';

/** The SDK's errors for a server that does not answer (fetch failed, timed out). */
const SDK_UNREACHABLE = new Set(['MeiliSearchRequestError', 'MeiliSearchRequestTimeOutError']);

export function isSearchUnavailable(err: unknown): boolean {
  if (err instanceof MeiliUnavailableError) return true;
  if (err instanceof MeiliHttpError) return err.status >= 500;
  return err instanceof Error && SDK_UNREACHABLE.has(err.name);
}

export function searchUnavailable(): AppError {
  return new AppError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SEARCH_UNAVAILABLE, '搜索服务暂时不可用，请稍后再试', {
    retryAfterSeconds: 30,
  }).withHeaders({ 'Retry-After': '30' });
}

/** For the API's exception filter: a search outage is 503 SEARCH_UNAVAILABLE, not a 500. */
export function translateSearchError(err: unknown): AppError | undefined {
  return isSearchUnavailable(err) ? searchUnavailable() : undefined;
}
