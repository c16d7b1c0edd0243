import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, ApiError, type Schemas, unwrap } from '../../../lib/api';
import { time, useNotify } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import type { Challenge } from './shared';

type Proposal = Schemas['InvitationProposalDto'];
type Invitation = Schemas['InvitationDto'];

const proposalsKey = (id: string) => ['challenge', id, 'proposals'] as const;
const invitationsKey = (id: string) => ['challenge', id, 'invitations'] as const;

const percent = (score: number) => `${Math.round(score * 100)}%`;

/** Errors that mean the call stopped taking bids meanwhile: the page reloads the call to show its status. */
const CALL_STATE_CODES = ['INCOMPLETE_FOR_TRANSITION', 'BID_DEADLINE_PASSED'];

/**
 * 邀请揭榜 for staff: the institutions the engine proposes for a call (strongest first, with their matching
 * published achievements as reasons), recomputing them, inviting proposed or hand-chosen institutions with an
 * optional message, and the invitations already sent with whether the institution has bid.
 */
export default function CallInvitations({ call }: { call: Challenge }) {
  const notify = useNotify();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [byHand, setByHand] = useState<Array<{ value: string; label: string }>>([]);
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<ApiError | null>(null);
  const published = call.status === 'published';
  const canInvite = published && call.open;

  const proposals = useQuery({
    queryKey: proposalsKey(call.id),
    queryFn: () => unwrap(api.GET('/challenges/{id}/proposals', { params: { path: { id: call.id } } })),
  });
  const invitations = useQuery({
    queryKey: invitationsKey(call.id),
    queryFn: () => unwrap(api.GET('/challenges/{id}/invitations', { params: { path: { id: call.id } } })),
  });

  const failed = async (err: unknown) => {
    if (err instanceof ApiError) {
      setFailure(err);
      if (CALL_STATE_CODES.includes(err.code)) await client.invalidateQueries({ queryKey: ['challenge', call.id] });
    } else notify.fail(err);
  };

  const recompute = useMutation({
    mutationFn: () => unwrap(api.POST('/challenges/{id}/proposals/recompute', { params: { path: { id: call.id } } })),
    onMutate: () => setFailure(null),
    onSuccess: (rows) => {
      client.setQueryData(proposalsKey(call.id), rows);
      notify.ok(rows.length ? `已重新计算，推荐 ${rows.length} 家机构` : '已重新计算，暂无匹配的机构');
    },
    onError: failed,
  });

  const invite = useMutation({
    mutationFn: (institutionIds: string[]) =>
      unwrap(
        api.POST('/challenges/{id}/invitations', {
          params: { path: { id: call.id } },
          body: { institutionIds, message: message.trim() || undefined },
        }),
      ),
    onMutate: () => setFailure(null),
    onSuccess: async (r) => {
      setSelected([]);
      setByHand([]);
      setMessage('');
      await client.invalidateQueries({ queryKey: proposalsKey(call.id) });
      await client.invalidateQueries({ queryKey: invitationsKey(call.id) });
      const skipped = r.alreadyInvited.length ? `，${r.alreadyInvited.length} 家此前已邀请，未重复发送` : '';
      notify.ok(`已向 ${r.invited.length} 家机构发出揭榜邀请${skipped}`);
    },
    onError: failed,
  });

  const chosen = [...new Set([...selected, ...byHand.map((o) => o.value)])];
  const invitedIds = new Set((invitations.data ?? []).map((i) => i.institutionId));
  const computedAt = proposals.data?.[0]?.computedAt;

  return (
    <div className="call-invitations">
      {call.status === 'draft' && (
        <Alert
          type="info"
          showIcon
          message="榜单发布后，系统将根据已发布的成果推荐可邀请揭榜的机构，届时可发出揭榜邀请。"
          style={{ marginBottom: 12 }}
        />
      )}
      {call.status !== 'draft' && !canInvite && (
        <Alert
          type="warning"
          showIcon
          message={`本榜单${published ? '已过揭榜截止时间' : call.statusLabel}，不能再发出揭榜邀请。`}
          style={{ marginBottom: 12 }}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable
          onClose={() => setFailure(null)}
          message={failure.message}
          description={failure.requestId ? `请求编号：${failure.requestId}` : undefined}
          style={{ marginBottom: 12 }}
        />
      )}

      <section aria-labelledby="proposals-heading">
        <div className="page-head">
          <h2 id="proposals-heading">推荐机构</h2>
          {published && (
            <Button loading={recompute.isPending} onClick={() => recompute.mutate()}>
              重新计算
            </Button>
          )}
        </div>
        <p className="note">
          按本榜单内容与各单位已发布成果的匹配程度排序，理由为匹配的成果。
          {computedAt ? `推荐计算于 ${time(computedAt)}。` : ''}
        </p>
        {proposals.error ? (
          <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
        ) : (
          <Table<Proposal>
            rowKey="institutionId"
            loading={proposals.isPending}
            dataSource={proposals.data ?? []}
            pagination={false}
            locale={{
              emptyText: (
                <EmptyState>
                  {call.status === 'draft'
                    ? '暂无推荐机构：榜单发布后计算'
                    : canInvite
                      ? '暂无推荐机构：没有与本榜单匹配的已发布成果，可重新计算或按名称选择机构邀请'
                      : '暂无推荐机构'}
                </EmptyState>
              ),
            }}
            rowSelection={
              canInvite
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys as string[]),
                    getCheckboxProps: (p) => ({
                      disabled: p.invited || invitedIds.has(p.institutionId),
                      'aria-label': `选择邀请${p.institutionName ?? '该机构'}`,
                    }),
                  }
                : undefined
            }
            columns={[
              { title: '排名', dataIndex: 'rank', width: 70 },
              {
                title: '机构',
                dataIndex: 'institutionName',
                width: 200,
                render: (v: string | null, p) => (
                  <>
                    <div>{v ?? '—'}</div>
                    {(p.invited || invitedIds.has(p.institutionId)) && <ToneTag tone="ok">已邀请</ToneTag>}
                  </>
                ),
              },
              { title: '匹配度', dataIndex: 'score', width: 90, render: (v: number) => percent(v) },
              {
                title: '推荐理由（匹配的成果）',
                key: 'achievements',
                render: (_: unknown, p) => (
                  <div className="proposal-reasons">
                    <ul>
                      {p.achievements.map((a) => (
                        <li key={a.achievementId}>
                          <Link to={`/library/${a.achievementId}`} target="_blank">
                            {a.title || '（未命名成果）'}
                          </Link>{' '}
                          <span className="note">匹配度 {percent(a.score)}</span>
                        </li>
                      ))}
                    </ul>
                    {p.matchedTerms.length > 0 && (
                      <div>
                        匹配词：
                        {p.matchedTerms.map((t) => (
                          <Tag key={t}>{t}</Tag>
                        ))}
                      </div>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </section>

      {canInvite && (
        <section aria-labelledby="invite-heading" className="invite-form">
          <h2 id="invite-heading">发送邀请</h2>
          <Form layout="vertical" onFinish={() => invite.mutate(chosen)}>
            <Form.Item label="另选机构" htmlFor="invite-by-hand" extra="可按名称搜索推荐名单以外的机构一并邀请">
              <InstitutionPicker call={call} value={byHand} onChange={setByHand} />
            </Form.Item>
            <Form.Item label="邀请留言（选填）" htmlFor="invite-message">
              <Input.TextArea
                id="invite-message"
                rows={3}
                maxLength={500}
                showCount
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                placeholder="例如：贵单位在谐波减速器齿形修形方向成果突出，诚邀组织团队揭榜。"
              />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" disabled={chosen.length === 0} loading={invite.isPending}>
                发送邀请{chosen.length ? `（${chosen.length} 家）` : ''}
              </Button>
              <span className="note">已邀请的机构不会重复发送；受邀机构仍须符合本榜单的揭榜条件。</span>
            </Space>
          </Form>
        </section>
      )}

      <section aria-labelledby="sent-heading">
        <h2 id="sent-heading">已发出的邀请</h2>
        {invitations.error ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : (
          <Table<Invitation>
            rowKey="id"
            loading={invitations.isPending}
            dataSource={invitations.data ?? []}
            pagination={false}
            locale={{ emptyText: <EmptyState>尚未发出揭榜邀请</EmptyState> }}
            columns={[
              { title: '机构', dataIndex: 'institutionName', render: (v: string | null) => v ?? '—' },
              { title: '来源', dataIndex: 'sourceLabel', width: 120 },
              { title: '邀请留言', dataIndex: 'message', render: (v: string | null) => v ?? '—' },
              { title: '邀请时间', dataIndex: 'invitedAt', width: 150, render: (v: string) => time(v) },
              {
                title: '状态',
                key: 'state',
                width: 110,
                render: (_: unknown, i) =>
                  i.bidSubmitted ? (
                    <ToneTag tone="ok">已揭榜</ToneTag>
                  ) : call.open ? (
                    <ToneTag tone="info">待揭榜</ToneTag>
                  ) : (
                    <ToneTag tone="plain">未揭榜</ToneTag>
                  ),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}

/**
 * Institutions chosen by hand: the registry searched by name, of the kinds the call admits as lead bidder, without
 * the call's own enterprise. The API still checks eligibility (409 NOT_ELIGIBLE names the institution).
 */
function InstitutionPicker({
  call,
  value,
  onChange,
}: {
  call: Challenge;
  value: Array<{ value: string; label: string }>;
  onChange: (v: Array<{ value: string; label: string }>) => void;
}) {
  const [q, setQ] = useState('');
  const kinds = call.eligibility.institutionKinds;
  const orgs = useQuery({
    queryKey: ['organisations', 'invite', kinds.join(','), q],
    queryFn: () =>
      unwrap(
        api.GET('/organisations', {
          params: { query: { kind: kinds.length === 1 ? kinds[0] : undefined, q: q || undefined, pageSize: 20 } },
        }),
      ),
  });
  const options = (orgs.data?.items ?? [])
    .filter((o) => (kinds as string[]).includes(o.kind) && o.id !== call.enterpriseOrganisationId)
    .map((o) => ({ value: o.id, label: o.name }));
  return (
    <Select
      id="invite-by-hand"
      mode="multiple"
      labelInValue
      placeholder="输入机构名称搜索"
      style={{ width: '100%', maxWidth: 560 }}
      value={value}
      onChange={(v) => onChange(v as Array<{ value: string; label: string }>)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={orgs.isPending}
      options={options}
    />
  );
}
