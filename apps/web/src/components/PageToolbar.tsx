import { Input, Select } from 'antd';
import type { ReactNode } from 'react';

import { useChains, useUrlState } from '../lib/workspace';

type UrlState = ReturnType<typeof useUrlState>;

/** The row of filters above a list page's table or board; a named group, so screen readers announce it. */
export function PageToolbar({ label = '筛选条件', children }: { label?: string; children: ReactNode }) {
  return (
    <div className="toolbar" role="group" aria-label={label}>
      {children}
    </div>
  );
}

/** A filter kept in the address bar: one URL parameter chosen from a list, cleared to show everything. */
export function UrlSelect({
  url,
  param,
  label,
  placeholder,
  width,
  options,
}: {
  url: UrlState;
  param: string;
  label: string;
  placeholder: string;
  width: number;
  options: { value: string; label: string }[];
}) {
  return (
    <Select
      allowClear
      aria-label={label}
      placeholder={placeholder}
      style={{ width }}
      value={url.get(param)}
      onChange={(v: string | undefined) => url.update({ [param]: v })}
      options={options}
    />
  );
}

/** The industry-chain filter of list pages, in the URL parameter `chain`. */
export function ChainFilter({ url, width = 170 }: { url: UrlState; width?: number }) {
  const chains = useChains();
  return (
    <UrlSelect
      url={url}
      param="chain"
      label="产业链"
      placeholder="全部产业链"
      width={width}
      options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

/** A date range in the URL parameters `from` and `to` (both inclusive, YYYY-MM-DD). */
export function UrlDateRange({ url }: { url: UrlState }) {
  return (
    <>
      <Input
        type="date"
        aria-label="起始日期"
        style={{ width: 160 }}
        value={url.get('from') ?? ''}
        onChange={(e) => url.update({ from: e.target.value || undefined })}
      />
      <span aria-hidden>至</span>
      <Input
        type="date"
        aria-label="截止日期"
        style={{ width: 160 }}
        value={url.get('to') ?? ''}
        onChange={(e) => url.update({ to: e.target.value || undefined })}
      />
    </>
  );
}

/** A table's pager kept in the address bar (`page`), with the total in words. */
export function urlPagination(url: UrlState, total: number | undefined, pageSize: number) {
  return {
    current: url.page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: false,
    showTotal: (t: number) => `共 ${t} 条`,
    onChange: (p: number) => url.update({ page: String(p) }, true),
  };
}
