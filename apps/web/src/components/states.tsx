import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';

import { ApiError } from '../lib/api';

export function PageLoading({ label = '加载中…' }: { label?: string }) {
  return (
    <div className="state-loading" role="status" aria-live="polite">
      <Spin />
      <span>{label}</span>
    </div>
  );
}

/** An error as people read it: the API's Chinese message and the request id to quote to support. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const api = error instanceof ApiError ? error : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={api ? api.message : '页面出错了，请稍后重试'}
      description={api?.requestId ? `请求编号：${api.requestId}` : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <Empty description={children} />;
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading, error and empty states in one place for every page that shows a query's data. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <PageLoading />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty ?? '暂无数据'}</EmptyState>;
  return <>{children(query.data)}</>;
}
