import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { Link } from 'react-router';

import type { paths } from '../api/schema';
import { CatalogueSearch, useCatalogueParams } from '../components/CatalogueSearch';
import { api, unwrap } from '../lib/api';
import { Highlight } from '../lib/highlight';
import { COOPERATION_MODE_LABELS, DEMAND_KIND_LABELS, label } from '../lib/labels';

type Query = NonNullable<paths['/search/demands']['get']['parameters']['query']>;
const FILTERS = ['chain', 'kind', 'cooperationMode', 'stage', 'region'];

/** 需求大厅: open demands, searchable, without budgets or contacts. */
export default function DemandHall() {
  const params = useCatalogueParams(FILTERS);
  const query = useQuery({
    queryKey: ['search', 'demands', params.values, params.page],
    queryFn: () =>
      unwrap(api.GET('/search/demands', { params: { query: { ...params.values, page: params.page } as Query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <CatalogueSearch
      title="需求大厅"
      noun="技术需求"
      placeholder="输入关键词，如：谐波减速器、碳化硅、储能"
      filters={FILTERS}
      params={params}
      query={query}
      renderHit={(hit) => (
        <article className="hit-card">
          <h2>
            <Link to={`/hall/${hit.id}`}>
              <Highlight text={hit._formatted.title ?? hit.title} />
            </Link>
          </h2>
          <p className="hit-text">
            <Highlight text={hit._formatted.description ?? hit.description} />
          </p>
          {hit.keywords.length > 0 && (
            <p className="hit-keywords">
              关键词：
              {(hit._formatted.keywords ?? hit.keywords).map((k, i) => (
                <span key={i} className="keyword">
                  <Highlight text={k} />
                </span>
              ))}
            </p>
          )}
          <div className="hit-meta">
            <Tag color="blue">{label(DEMAND_KIND_LABELS, hit.kind)}</Tag>
            {hit.chainNames.map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
            {hit.cooperationModes.map((m) => (
              <Tag key={m} color="geekblue">
                {label(COOPERATION_MODE_LABELS, m)}
              </Tag>
            ))}
            <span>{hit.ownerOrganisationName}</span>
            {hit.region && <span>{hit.region}</span>}
          </div>
        </article>
      )}
    />
  );
}
