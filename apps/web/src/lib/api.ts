import createClient, { type Middleware } from 'openapi-fetch';

import type { components, paths } from '../api/schema';

export type Schemas = components['schemas'];

/** The API's error body ({statusCode, code, message, details, requestId}) as thrown to the pages. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

const CSRF_COOKIE = 'zcz_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when a signed-in request answers 401 (the session expired or was revoked). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const session: Middleware = {
  onRequest({ request }) {
    const token = readCookie(CSRF_COOKIE);
    if (token && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
  onResponse({ response, request }) {
    const publicCall = new URL(request.url).pathname.startsWith('/auth/session');
    if (response.status === 401 && !publicCall) for (const l of unauthorizedListeners) l();
    return response;
  },
};

/** Typed client generated from the API's OpenAPI document (npm run gen:api). Same origin: the session cookie. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

interface ErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  details?: unknown;
}

function fieldProblems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { field: string; reason?: string } => !!d && typeof d.field === 'string')
    .map((d) => ({ field: d.field, message: d.reason ?? '取值不合法' }));
}

/** openapi-fetch's {data, error, response} → data, or an ApiError carrying the request id. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', undefined, []);
  }
  const { data, error, response } = result;
  if (response.ok) return data as NonNullable<T>;
  const body = (error ?? {}) as ErrorBody;
  throw new ApiError(
    response.status,
    body.code ?? 'HTTP_' + response.status,
    body.message ?? `请求失败（${response.status}）`,
    body.requestId ?? response.headers.get('X-Request-Id') ?? undefined,
    fieldProblems(body.details),
  );
}
