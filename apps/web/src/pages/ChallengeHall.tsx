import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Input, Pagination, Select, Space, Tag } from 'antd';
import { Link } from 'react-router';

import { ErrorState, PageLoading } from '../components/states';
import { api, unwrap } from '../lib/api';
import { wan } from '../lib/labels';
import { useChains, useUrlState } from '../lib/workspace';
import {
  CHALLENGE_STATUS_LABELS,
  type ChallengeStatus,
  ChallengeStatusTag,
  DeadlineText,
  type Mechanism,
  MECHANISM_LABELS,
  PUBLIC_STATUSES,
} from './workspace/challenges/shared';

const PAGE_SIZE = 10;

/** 榜单大厅: the published 揭榜挂帅 calls with their deadline and 榜额; filters in the address bar; never bids. */
export default function ChallengeHall() {
  const url = useUrlState();
  const chains = useChains();
  const filters = {
    chain: url.get('chain'),
    mechanism: url.get('mechanism') as Mechanism | undefined,
    status: url.get('status') as ChallengeStatus | undefined,
    q: url.get('q'),
  };
  const query = useQuery({
    queryKey: ['public', 'challenges', filters, url.page],
    queryFn: () =>
      unwrap(api.GET('/challenges/public', { params: { query: { ...filters, page: url.page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="catalogue">
      <h1>榜单大厅</h1>
      <p className="note">企业出题、能者揭榜：以下为平台发布的揭榜挂帅、赛马制与定向委托榜单，登录后可提交揭榜方案。</p>
      <Input.Search
        key={filters.q ?? ''}
        defaultValue={filters.q}
        placeholder="输入关键词，如：芯片、掩模版、减速器"
        aria-label="搜索榜单"
        enterButton="搜索"
        allowClear
        size="large"
        onSearch={(q) => url.update({ q: q.trim() || undefined })}
      />
      <div className="filters" role="group" aria-label="筛选条件">
        <label className="filter">
          <span>产业链</span>
          <Select
            allowClear
            aria-label="产业链"
            placeholder="全部"
            style={{ minWidth: 160 }}
            popupMatchSelectWidth={false}
            value={filters.chain}
            onChange={(v: string | undefined) => url.update({ chain: v })}
            options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </label>
        <label className="filter">
          <span>揭榜机制</span>
          <Select
            allowClear
            aria-label="揭榜机制"
            placeholder="全部"
            style={{ minWidth: 120 }}
            value={filters.mechanism}
            onChange={(v: string | undefined) => url.update({ mechanism: v })}
            options={Object.entries(MECHANISM_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </label>
        <label className="filter">
          <span>榜单状态</span>
          <Select
            allowClear
            aria-label="榜单状态"
            placeholder="全部"
            style={{ minWidth: 130 }}
            value={filters.status}
            onChange={(v: string | undefined) => url.update({ status: v })}
            options={PUBLIC_STATUSES.map((value) => ({ value, label: CHALLENGE_STATUS_LABELS[value] }))}
          />
        </label>
      </div>
      {query.isPending ? (
        <PageLoading label="正在加载榜单…" />
      ) : query.error || !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <div className="empty-result" role="status">
          <p>{filtered ? '没有符合条件的榜单。' : '暂无发布中的榜单。'}</p>
          {filtered && (
            <Tag.CheckableTag
              checked={false}
              onChange={() => url.update({ chain: undefined, mechanism: undefined, status: undefined, q: undefined })}
            >
              清除全部条件
            </Tag.CheckableTag>
          )}
        </div>
      ) : (
        <>
          <p className="result-count" role="status">
            共 {query.data.total} 个榜单
          </p>
          <ol className="hits" aria-busy={query.isFetching}>
            {query.data.items.map((c) => (
              <li key={c.id}>
                <article className="hit-card">
                  <h2>
                    <Link to={`/calls/${c.id}`}>{c.title}</Link>
                  </h2>
                  <p className="hit-text challenge-problem">{c.problem}</p>
                  <div className="hit-meta">
                    <ChallengeStatusTag status={c.status} />
                    <Tag color="blue">{c.mechanismLabel}</Tag>
                    {c.industryChains.map((ch) => (
                      <Tag key={ch.id}>{ch.name}</Tag>
                    ))}
                    <span>出榜企业：{c.enterpriseName ?? '—'}</span>
                    <span>榜额：{wan(c.fundingTotal)}</span>
                    <span>
                      揭榜截止：
                      <DeadlineText call={c} />
                    </span>
                  </div>
                </article>
              </li>
            ))}
          </ol>
          <Space className="pager">
            <Pagination
              current={url.page}
              pageSize={PAGE_SIZE}
              total={query.data.total}
              showSizeChanger={false}
              onChange={(p) => url.update({ page: p > 1 ? String(p) : undefined }, true)}
            />
          </Space>
        </>
      )}
    </div>
  );
}
