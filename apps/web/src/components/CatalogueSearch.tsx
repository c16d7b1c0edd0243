import { Input, Pagination, Select, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { Schemas } from '../lib/api';
import { Highlight } from '../lib/highlight';
import { ErrorState, PageLoading } from './states';
import { type Understanding, UNDERSTOOD_TYPE_LABELS, UnderstoodFilters } from './UnderstoodFilters';

export type Facet = Schemas['FacetDto'];

interface SearchResult<Hit> {
  understood?: Understanding | null;
  items: Hit[];
  total: number;
  page: number;
  pageSize: number;
  facetList: Facet[];
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
}

/** The filter parameters in the address bar: pages and filters are bookmarkable. */
export function useCatalogueParams(filters: string[]) {
  const [params, setParams] = useSearchParams();
  const values: Record<string, string> = {};
  for (const key of ['q', 'understand', ...filters]) {
    const v = params.get(key);
    if (v) values[key] = v;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };
  return { values, page, update };
}

/** Search box, facet filters with Chinese names, results and pagination: 需求大厅 and 成果库 share it. */
export function CatalogueSearch<Hit extends { id: string }>({
  title,
  placeholder,
  filters,
  query,
  params,
  renderHit,
  noun,
}: {
  title: string;
  placeholder: string;
  filters: string[];
  query: QueryLike<SearchResult<Hit>>;
  params: ReturnType<typeof useCatalogueParams>;
  renderHit: (hit: Hit) => ReactNode;
  noun: string;
}) {
  const { values, page, update } = params;
  const facets = query.data?.facetList ?? [];
  return (
    <div className="catalogue">
      <h1>{title}</h1>
      <Input.Search
        key={values.q ?? ''}
        defaultValue={values.q}
        placeholder={placeholder}
        aria-label={`搜索${noun}`}
        enterButton="搜索"
        allowClear
        size="large"
        onSearch={(q) => update({ q: q.trim() || undefined })}
      />
      <UnderstoodFilters
        understood={query.data?.understood}
        off={values.understand === 'false' && !!values.q}
        update={update}
        noun={noun}
        typeLabel={(f) => facets.find((x) => x.param === f.param)?.label ?? UNDERSTOOD_TYPE_LABELS[f.type] ?? f.type}
      />
      <div className="filters" role="group" aria-label="筛选条件">
        {filters.map((param) => {
          const facet = facets.find((f) => f.param === param);
          if (!facet) return null;
          return (
            <label key={param} className="filter">
              <span>{facet.label}</span>
              <Select
                allowClear
                aria-label={facet.label}
                placeholder="全部"
                value={values[param]}
                popupMatchSelectWidth={false}
                style={{ minWidth: 140 }}
                onChange={(v: string | undefined) => update({ [param]: v })}
                options={facet.values.map((v) => ({ value: v.value, label: `${v.label}（${v.count}）` }))}
              />
            </label>
          );
        })}
      </div>
      {query.isPending ? (
        <PageLoading label="正在搜索…" />
      ) : query.error || !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <div className="empty-result" role="status">
          <p>没有找到符合条件的{noun}。</p>
          {Object.keys(values).length > 0 && (
            <Tag.CheckableTag
              checked={false}
              onChange={() => update(Object.fromEntries(Object.keys(values).map((k) => [k, undefined])))}
            >
              清除全部条件
            </Tag.CheckableTag>
          )}
        </div>
      ) : (
        <>
          <p className="result-count" role="status">
            共找到 {query.data.total} 项{noun}
          </p>
          <ol className="hits" aria-busy={query.isFetching}>
            {query.data.items.map((hit) => (
              <li key={hit.id}>{renderHit(hit)}</li>
            ))}
          </ol>
          <Space className="pager">
            <Pagination
              current={page}
              pageSize={query.data.pageSize}
              total={query.data.total}
              showSizeChanger={false}
              onChange={(p) => update({ page: p > 1 ? String(p) : undefined }, true)}
            />
          </Space>
        </>
      )}
    </div>
  );
}

/**
 * One search hit of a catalogue (需求大厅, 成果库): the highlighted title linking to the record, its text, the
 * keywords, and the record's own tags and names in `meta`.
 */
export function HitCard(props: { href: string; title: string; text: string; keywords: string[]; meta: ReactNode }) {
  return (
    <article className="hit-card">
      <h2>
        <Link to={props.href}>
          <Highlight text={props.title} />
        </Link>
      </h2>
      <p className="hit-text">
        <Highlight text={props.text} />
      </p>
      {props.keywords.length > 0 && (
        <p className="hit-keywords">
          关键词：
          {props.keywords.map((k, i) => (
            <span key={i} className="keyword">
              <Highlight text={k} />
            </span>
          ))}
        </p>
      )}
      <div className="hit-meta">{props.meta}</div>
    </article>
  );
}
