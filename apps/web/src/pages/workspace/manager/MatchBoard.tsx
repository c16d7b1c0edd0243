import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Select, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { MATCH_INTEREST_LABELS, MATCH_STATUS_LABELS } from '../../../lib/labels';
import { useChains, useUrlState } from '../../../lib/workspace';
import { ToneTag } from './shared';

const MatchDrawer = lazy(() => import('./MatchDrawer'));
const ManualPairing = lazy(() => import('./ManualPairing'));
const AwaitingConfirmations = lazy(() => import('./AwaitingConfirmations'));

export type Match = Schemas['MatchResponseDto'];
export type MatchStatus = Match['status'];

/** The pipeline's columns in order (the API's stage names). */
export const STAGES: MatchStatus[] = ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted', 'rejected'];
const COLUMN_SIZE = 50;

/** 对接看板: every pair by stage, filtered by chain, organisation, manager and the enterprise's interest. */
export default function MatchBoard() {
  const url = useUrlState();
  const chains = useChains();
  const [orgQuery, setOrgQuery] = useState('');
  const [pairing, setPairing] = useState(false);
  const filters = {
    chain: url.get('chain'),
    organisationId: url.get('org'),
    managerId: url.get('manager'),
    interest: url.get('interest') as Match['interest'] | undefined,
  };
  const open = url.get('match');

  const columns = useQueries({
    queries: STAGES.map((status) => ({
      queryKey: ['matches', 'board', status, filters],
      queryFn: () =>
        unwrap(
          api.GET('/matches', {
            params: { query: { status, pageSize: COLUMN_SIZE, ...filters, interest: filters.interest ?? undefined } },
          }),
        ),
    })),
  });
  const organisations = useQuery({
    queryKey: ['organisations', 'any', orgQuery],
    queryFn: () => unwrap(api.GET('/organisations', { params: { query: { q: orgQuery || undefined, pageSize: 20 } } })),
  });
  const chosenOrg = useQuery({
    queryKey: ['organisation', filters.organisationId],
    queryFn: () => unwrap(api.GET('/organisations/{id}', { params: { path: { id: filters.organisationId! } } })),
    enabled: !!filters.organisationId,
  });
  const managers = useQuery({
    queryKey: ['users', 'manager'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: 'manager', pageSize: 100 } } })),
  });

  const orgOptions = (organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  const chosenName = chosenOrg.data?.name;
  if (filters.organisationId && chosenName && !orgOptions.some((o) => o.value === filters.organisationId)) {
    orgOptions.unshift({ value: filters.organisationId, label: chosenName });
  }
  const failed = columns.find((c) => c.error);

  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>对接看板</h1>
        <Button type="primary" onClick={() => setPairing(true)}>
          人工配对
        </Button>
      </div>
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Select
          allowClear
          placeholder="全部产业链"
          aria-label="产业链"
          style={{ width: 170 }}
          value={filters.chain}
          onChange={(v: string | undefined) => url.update({ chain: v })}
          options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          allowClear
          showSearch={{ filterOption: false, onSearch: setOrgQuery }}
          placeholder="全部单位（输入名称搜索）"
          aria-label="单位"
          style={{ width: 260 }}
          value={filters.organisationId}
          onChange={(v: string | undefined) => url.update({ org: v })}
          options={orgOptions}
        />
        <Select
          allowClear
          placeholder="全部技术经理人"
          aria-label="技术经理人"
          style={{ width: 170 }}
          value={filters.managerId}
          onChange={(v: string | undefined) => url.update({ manager: v })}
          options={(managers.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          allowClear
          placeholder="企业意向：全部"
          aria-label="企业意向"
          style={{ width: 150 }}
          value={filters.interest ?? undefined}
          onChange={(v: string | undefined) => url.update({ interest: v })}
          options={Object.entries(MATCH_INTEREST_LABELS).map(([value, text]) => ({ value, label: text }))}
        />
      </div>
      <Suspense fallback={null}>
        <AwaitingConfirmations />
      </Suspense>
      {failed && <ErrorState error={failed.error} onRetry={() => columns.forEach((c) => void c.refetch())} />}
      <div className="board">
        {STAGES.map((stage, i) => {
          const column = columns[i];
          return (
            <section key={stage} className={`board-column board-${stage}`} aria-label={MATCH_STATUS_LABELS[stage]}>
              <h2>
                {MATCH_STATUS_LABELS[stage]}
                <span className="board-count">{column.data ? column.data.total : ''}</span>
              </h2>
              {column.isPending ? (
                <PageLoading />
              ) : !column.data ? null : column.data.items.length === 0 ? (
                <p className="board-empty">暂无</p>
              ) : (
                // Focusable: a keyboard can scroll a long column.
                <ul tabIndex={0}>
                  {column.data.items.map((m) => (
                    <li key={m.id}>
                      <MatchCard match={m} onOpen={() => url.update({ match: m.id }, true)} />
                    </li>
                  ))}
                  {column.data.total > column.data.items.length && (
                    <li className="board-more">仅显示最近 {column.data.items.length} 项，请用筛选条件缩小范围</li>
                  )}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <Suspense fallback={null}>
        {open && <MatchDrawer key={open} id={open} onClose={() => url.update({ match: undefined }, true)} />}
        {pairing && (
          <ManualPairing
            onClose={() => setPairing(false)}
            onCreated={(id) => {
              setPairing(false);
              url.update({ match: id }, true);
            }}
          />
        )}
      </Suspense>
    </div>
  );
}

function MatchCard({ match, onOpen }: { match: Match; onOpen: () => void }) {
  const demand = match.demand?.title ?? '需求';
  const achievement = match.achievement?.title ?? '成果';
  return (
    <button type="button" className="match-card" onClick={onOpen}>
      <span className="match-card-title">{demand}</span>
      <span className="match-card-org">{match.demand?.ownerOrganisationName ?? '—'}</span>
      <span className="match-card-x" aria-hidden>
        ×
      </span>
      <span className="match-card-title">{achievement}</span>
      <span className="match-card-org">{match.achievement?.institutionName ?? '—'}</span>
      <span className="match-card-meta">
        <span>匹配分 {Math.round(match.score * 100)}</span>
        {match.origin === 'manual' && <Tag>人工配对</Tag>}
        {match.lowRelevance && <ToneTag tone="warn">低相关</ToneTag>}
        {match.interest && (
          <ToneTag tone={match.interest === 'interested' ? 'ok' : 'bad'}>
            企业{MATCH_INTEREST_LABELS[match.interest]}
          </ToneTag>
        )}
      </span>
    </button>
  );
}
