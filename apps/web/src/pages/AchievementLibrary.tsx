import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { Link } from 'react-router';

import type { paths } from '../api/schema';
import { CatalogueSearch, useCatalogueParams } from '../components/CatalogueSearch';
import { api, unwrap } from '../lib/api';
import { Highlight } from '../lib/highlight';
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
        <article className="hit-card">
          <h2>
            <Link to={`/library/${hit.id}`}>
              <Highlight text={hit._formatted.title ?? hit.title} />
            </Link>
          </h2>
          <p className="hit-text">
            <Highlight text={hit._formatted.abstract ?? hit.abstract} />
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
          </div>
        </article>
      )}
    />
  );
}
