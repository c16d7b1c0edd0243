import { useQuery } from '@tanstack/react-query';
import { Button, Input, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ChainFilter, PageToolbar, UrlSelect } from '../../../components/PageToolbar';
import { ErrorState, PageLoading } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { wan } from '../../../lib/labels';
import { day, useUrlState } from '../../../lib/workspace';
import { ChallengesNav } from './ChallengesNav';
import {
  type Challenge,
  CHALLENGE_STATUS_LABELS,
  type ChallengeStatus,
  type Mechanism,
  MECHANISM_LABELS,
} from './shared';

const CallForm = lazy(() => import('./CallForm'));

const COLUMNS: ChallengeStatus[][] = [
  ['draft'],
  ['published'],
  ['closed'],
  ['under_review'],
  ['awarded'],
  ['completed', 'cancelled'],
];

/** 榜单看板: the calls by workflow stage (draft → published → closed → under review → awarded → completed/cancelled). */
export default function CallBoard() {
  const url = useUrlState();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const filters = {
    mechanism: url.get('mechanism') as Mechanism | undefined,
    chain: url.get('chain'),
    q: url.get('q'),
  };
  const list = useQuery({
    queryKey: ['challenges', 'board', filters],
    queryFn: () => unwrap(api.GET('/challenges', { params: { query: { ...filters, pageSize: 100 } } })),
  });
  const items = list.data?.items ?? [];
  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>揭榜挂帅</h1>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建榜单
        </Button>
      </div>
      <ChallengesNav current="calls" />
      <PageToolbar>
        <Input.Search
          key={filters.q ?? ''}
          defaultValue={filters.q}
          allowClear
          placeholder="按榜单名称、内容搜索"
          aria-label="搜索榜单"
          style={{ width: 260 }}
          onSearch={(v) => url.update({ q: v.trim() || undefined })}
        />
        <UrlSelect
          url={url}
          param="mechanism"
          label="揭榜机制"
          placeholder="全部机制"
          width={140}
          options={Object.entries(MECHANISM_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <ChainFilter url={url} />
      </PageToolbar>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoading />
      ) : (
        <>
          <div className="board">
            {COLUMNS.map((statuses) => {
              const cards = items.filter((c) => statuses.includes(c.status));
              const name = statuses.map((s) => CHALLENGE_STATUS_LABELS[s]).join(' / ');
              return (
                <section key={name} className="board-column" aria-label={name}>
                  <h2>
                    {name}
                    <span className="board-count">{cards.length}</span>
                  </h2>
                  {cards.length === 0 ? (
                    <p className="board-empty">暂无</p>
                  ) : (
                    <ul tabIndex={0}>
                      {cards.map((c) => (
                        <li key={c.id}>
                          <CallCard call={c} />
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
          {(list.data?.total ?? 0) > items.length && (
            <p className="board-more">仅显示最近 {items.length} 个榜单，请用筛选条件缩小范围</p>
          )}
        </>
      )}
      <Suspense fallback={null}>
        {creating && (
          <CallForm onClose={() => setCreating(false)} onSaved={(c) => navigate(`/workspace/challenges/${c.id}`)} />
        )}
      </Suspense>
    </div>
  );
}

function CallCard({ call }: { call: Challenge }) {
  return (
    <Link to={`/workspace/challenges/${call.id}`} className="match-card">
      <span className="match-card-title">{call.title}</span>
      <span className="match-card-org">{call.enterpriseName ?? '—'}</span>
      <span className="match-card-meta">
        <Tag>{call.mechanismLabel}</Tag>
        <span>{wan(call.fundingTotal)}</span>
        <span>截止 {day(call.bidDeadline)}</span>
        {call.bidCount !== null && <span>方案 {call.bidCount} 份</span>}
      </span>
    </Link>
  );
}
