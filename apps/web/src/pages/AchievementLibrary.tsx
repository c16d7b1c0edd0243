import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';

import type { paths } from '../api/schema';
import { CatalogueSearch, HitCard, useCatalogueParams } from '../components/CatalogueSearch';
import { api, unwrap } from '../lib/api';
import { COOPERATION_MODE_LABELS, label, MATURITY_STAGE_LABELS } from '../lib/labels';

type Query = NonNullable<paths['/search/achievements']['get']['parameters']['query']>;
const FILTERS = ['chain', 'stage', 'transferMode', 'ipType'];

/** 成果库: published achievements, searchable, without contacts. */
export default function AchievementLibrary() {
  const params = useCatalogueParams(FILTERS);
  const query = useQuery({
    queryKey: ['search', 'achievements', params.values, params.page],
    queryFn: () =>
      unwrap(api.GET('/search/achievements', { params: { query: { ...params.values, page: params.page } as Query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <CatalogueSearch
      title="成果库"
      noun="科技成果"
      placeholder="输入关键词，如：机器视觉、固态电池、高分子材料"
      filters={FILTERS}
      params={params}
      query={query}
      renderHit={(hit) => (
        <HitCard
          href={`/library/${hit.id}`}
          title={hit._formatted.title ?? hit.title}
          text={hit._formatted.abstract ?? hit.abstract}
          keywords={hit.keywords.length > 0 ? (hit._formatted.keywords ?? hit.keywords) : []}
          meta={
            <>
              {hit.stage && <Tag color="blue">{label(MATURITY_STAGE_LABELS, hit.stage)}</Tag>}
              {hit.chainNames.map((n) => (
                <Tag key={n}>{n}</Tag>
              ))}
              {hit.transferModes.map((m) => (
                <Tag key={m} color="geekblue">
                  {label(COOPERATION_MODE_LABELS, m)}
                </Tag>
              ))}
              <span>{hit.institutionName}</span>
            </>
          }
        />
      )}
    />
  );
}
