import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';

import type { paths } from '../api/schema';
import { CatalogueSearch, HitCard, useCatalogueParams } from '../components/CatalogueSearch';
import { api, unwrap } from '../lib/api';
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
        <HitCard
          href={`/hall/${hit.id}`}
          title={hit._formatted.title ?? hit.title}
          text={hit._formatted.description ?? hit.description}
          keywords={hit.keywords.length > 0 ? (hit._formatted.keywords ?? hit.keywords) : []}
          meta={
            <>
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
            </>
          }
        />
      )}
    />
  );
}
