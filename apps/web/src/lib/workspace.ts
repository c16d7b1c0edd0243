import { useQuery } from '@tanstack/react-query';
import { App } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';

import { api, ApiError, unwrap } from './api';

/** Filters, page and the open record of a workspace page live in the address bar: bookmarkable and shareable. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const patched = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return next;
  };
  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = patched(patch);
    if (!keepPage) next.delete('page');
    setParams(next);
  };
  /** The address of this page with some parameters changed (for links that open a record). */
  const href = (patch: Record<string, string | undefined>) => ({ search: '?' + patched(patch).toString() });
  return { get, page, update, href };
}

/** An API error as one line for a message: the Chinese text and the request id to quote to support. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.requestId ? `${err.message}（请求编号：${err.requestId}）` : err.message;
  return '操作失败，请稍后重试';
}

export function useNotify() {
  const { message } = App.useApp();
  return {
    ok: (text: string) => void message.success(text),
    fail: (err: unknown) => void message.error({ content: errorText(err), duration: 8 }),
  };
}

export function day(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

export function time(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

/** The key industrial chains for filters and forms (public, rarely changes). */
export function useChains() {
  return useQuery({
    queryKey: ['industry-chains'],
    queryFn: () => unwrap(api.GET('/industry-chains')),
    staleTime: 10 * 60_000,
  });
}
