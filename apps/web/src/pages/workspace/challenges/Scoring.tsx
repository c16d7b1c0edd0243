import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Collapse, Form, Input, InputNumber, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { errorText, useNotify } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { BidView } from './BidForm';
import { type Bid, ChallengeStatusTag, type Review } from './shared';

type SheetBid = NonNullable<Review['mine']>['bids'][number];

/**
 * The expert's scoring page for one call: every bid with its conflict state; per criterion a score 0–100 and a
 * comment; only the expert's own scores (the API answers nothing else to them).
 */
export default function Scoring() {
  const { id = '' } = useParams();
  const call = useQuery({
    queryKey: ['challenge', id],
    queryFn: () => unwrap(api.GET('/challenges/{id}', { params: { path: { id } } })),
  });
  const review = useQuery({
    queryKey: ['review', id],
    queryFn: () => unwrap(api.GET('/challenges/{id}/review', { params: { path: { id } } })),
  });
  const bids = useQuery({
    queryKey: ['bids', id],
    queryFn: () => unwrap(api.GET('/challenges/{id}/bids', { params: { path: { id } } })),
  });
  if (call.isPending || review.isPending) return <PageLoading />;
  if (call.error || !call.data) return <ErrorState error={call.error} onRetry={() => void call.refetch()} />;
  if (review.error || !review.data) return <ErrorState error={review.error} onRetry={() => void review.refetch()} />;
  const sheet = review.data.mine;
  const c = call.data;
  const scoring = c.status === 'under_review';
  return (
    <div className="manager-page">
      <Breadcrumb items={[{ title: <Link to="/workspace/reviews">评审任务</Link> }, { title: '专家评分' }]} />
      <div className="page-head">
        <h1>专家评分：{c.title}</h1>
        <ChallengeStatusTag status={c.status} />
      </div>
      <p className="note">
        评审指标：
        {review.data.criteria.map((k) => (
          <Tag key={k.name}>
            {k.name} {k.weight}%
          </Tag>
        ))}
        每项 0–100 分，综合得分按权重加权。您只能看到自己的评分。
      </p>
      {!sheet ? (
        <Alert type="warning" showIcon message="您不是本榜单的评审专家" />
      ) : sheet.excused ? (
        <Alert type="info" showIcon message="管理员已批准您免评本榜单" />
      ) : (
        <>
          {!scoring && (
            <Alert
              type="info"
              showIcon
              role="status"
              message={
                ['published', 'closed'].includes(c.status)
                  ? '榜单尚未进入专家评审阶段，开始评审后可阅读方案并评分；如与揭榜单位存在利益关系，可先申报回避'
                  : `榜单${c.statusLabel}，评分已结束`
              }
            />
          )}
          {sheet.bids.length === 0 && <Alert type="info" showIcon message="本榜单暂无揭榜方案" />}
          {sheet.bids.map((b, i) => (
            <BidSheet
              key={b.bidId}
              index={i + 1}
              callId={id}
              entry={b}
              criteria={review.data.criteria}
              scoring={scoring}
              conflictOpen={['published', 'closed', 'under_review'].includes(c.status)}
              bid={bids.data?.find((x) => x.id === b.bidId)}
            />
          ))}
        </>
      )}
    </div>
  );
}

interface ScoreFields {
  scores: Record<string, number>;
  comment?: string;
}

function BidSheet({
  index,
  callId,
  entry,
  criteria,
  scoring,
  conflictOpen,
  bid,
}: {
  index: number;
  callId: string;
  entry: SheetBid;
  criteria: Review['criteria'];
  scoring: boolean;
  conflictOpen: boolean;
  bid: Bid | undefined;
}) {
  const [form] = Form.useForm<ScoreFields>();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [problem, setProblem] = useState<string | null>(null);
  const reason = useRef('');
  const setReason = (v: string) => (reason.current = v);
  const title = `方案 ${index}：${entry.bidderName ?? '—'}`;

  const score = useMutation({
    mutationFn: (v: ScoreFields) =>
      unwrap(
        api.PUT('/challenges/bids/{bidId}/score', {
          params: { path: { bidId: entry.bidId } },
          body: {
            scores: criteria.map((k) => ({ criterion: k.name, score: v.scores[k.name] })),
            comment: v.comment ?? '',
          },
        }),
      ),
    onSuccess: (r) => {
      setProblem(null);
      client.setQueryData(['review', callId], r);
      notify.ok(`已提交对“${entry.bidderName ?? '该方案'}”的评分`);
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['scores', 'comment'])) setProblem(errorText(err));
    },
  });
  const declare = useMutation({
    mutationFn: (text: string) =>
      unwrap(
        api.POST('/challenges/bids/{bidId}/conflict', {
          params: { path: { bidId: entry.bidId } },
          body: { reason: text },
        }),
      ),
    onSuccess: (r) => {
      client.setQueryData(['review', callId], r);
      notify.ok('已申报回避');
    },
    onError: (err) => setProblem(errorText(err)),
  });

  const status = entry.conflict ? (
    <ToneTag tone="plain">需回避 · 不可评分</ToneTag>
  ) : entry.score ? (
    <ToneTag tone="ok">已评分 {entry.score.weightedTotal} 分</ToneTag>
  ) : (
    <ToneTag tone="warn">待评分</ToneTag>
  );

  return (
    <Card
      className="score-card"
      title={<h2 className="card-title">{title}</h2>}
      extra={status}
      aria-label={title}
      role="region"
    >
      {entry.conflict ? (
        <p>
          {entry.conflict === 'rule'
            ? '您所在单位参与了该方案，按规定回避，不能评分。'
            : `您已申报回避：${entry.conflictReason ?? ''}`}
        </p>
      ) : (
        <>
          {bid && (
            <Collapse
              size="small"
              items={[{ key: 'bid', label: '阅读方案全文', children: <BidView bid={bid} /> }]}
              className="bid-collapse"
            />
          )}
          {problem && <Alert type="error" showIcon role="alert" message={problem} />}
          {scoring ? (
            <Form<ScoreFields>
              form={form}
              layout="vertical"
              initialValues={{
                scores: Object.fromEntries((entry.score?.scores ?? []).map((s) => [s.criterion, s.score])),
                comment: entry.score?.comment,
              }}
              onFinish={(v) => score.mutate(v)}
            >
              <Space wrap align="start">
                {criteria.map((k) => (
                  <Form.Item
                    key={k.name}
                    name={['scores', k.name]}
                    label={`${k.name}（${k.weight}%）`}
                    rules={[{ required: true, message: '请打分' }]}
                  >
                    <InputNumber min={0} max={100} precision={1} style={{ width: 140 }} />
                  </Form.Item>
                ))}
              </Space>
              <Form.Item name="comment" label="评审意见">
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={score.isPending}>
                  {entry.score ? '更新评分' : '提交评分'}
                </Button>
                <ConflictButton
                  onConfirm={() => declare.mutateAsync(reason.current)}
                  setReason={setReason}
                  modal={modal}
                  pending={declare.isPending}
                />
              </Space>
            </Form>
          ) : entry.score ? (
            <p>
              我的评分：
              {entry.score.scores.map((s) => `${s.criterion} ${s.score}`).join('，')}；综合 {entry.score.weightedTotal}{' '}
              分。{entry.score.comment}
            </p>
          ) : conflictOpen ? (
            <ConflictButton
              onConfirm={() => declare.mutateAsync(reason.current)}
              setReason={setReason}
              modal={modal}
              pending={declare.isPending}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}

function ConflictButton({
  onConfirm,
  setReason,
  modal,
  pending,
}: {
  onConfirm: () => Promise<unknown>;
  setReason: (v: string) => void;
  modal: ReturnType<typeof App.useApp>['modal'];
  pending: boolean;
}) {
  return (
    <Button
      loading={pending}
      onClick={() =>
        modal.confirm({
          title: '申报回避',
          content: (
            <Input.TextArea
              aria-label="回避理由"
              placeholder="如：近三年与揭榜单位有合作项目"
              rows={3}
              onChange={(e) => setReason(e.target.value)}
            />
          ),
          okText: '确认回避',
          cancelText: '取消',
          onOk: onConfirm,
        })
      }
    >
      申报回避
    </Button>
  );
}
