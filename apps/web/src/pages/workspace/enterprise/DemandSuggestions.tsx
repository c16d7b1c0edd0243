import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { QueryView } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { MATCH_FACTOR_LABELS, MATCH_INTEREST_LABELS, MATCH_INTEREST_REASON_LABELS } from '../../../lib/labels';
import { useDemand } from './shared';

type Match = Schemas['MatchResponseDto'];
type Interest = Schemas['MatchInterestDto'];

const percent = (x: number) => `${Math.round(x * 100)}`;

/** Why a suggestion was made, factor by factor, in the engine's own Chinese notes. */
function Explanation({ match }: { match: Match }) {
  const e = match.explanation;
  const factors = Object.entries(e.factors).sort((a, b) => b[1].contribution - a[1].contribution);
  return (
    <>
      <p>
        <strong>推荐理由：</strong>
        {e.summary}
      </p>
      {e.matchedTerms.length > 0 && <p className="note">命中技术词：{e.matchedTerms.join('、')}</p>}
      <ul className="factor-list" aria-label="各项匹配因素">
        {factors.map(([key, f]) => (
          <li key={key}>
            {MATCH_FACTOR_LABELS[key] ?? key}（符合度 {percent(f.value)}%，权重 {percent(f.weight)}%）：{f.note}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Nothing passes the show threshold: say so instead of presenting weak pairs as recommendations. Many demands
 * have no fitting achievement in the catalogue yet; the list fills again when one is published.
 */
function NoStrongMatch({ hidden }: { hidden: number }) {
  return (
    <Card className="no-strong-match" size="small">
      <h2>暂无高匹配度成果</h2>
      <p>
        系统已将本需求与平台全部已发布成果逐一比对，
        {hidden > 0 ? `找到的 ${hidden} 项成果与需求的技术内容相关度较低，` : '暂未找到技术内容相关的成果，'}
        不作为推荐展示，以免耽误您的时间。
      </p>
      <p className="note">
        这很常见：成果库中未必已有对口的成果。新成果发布后系统会自动重新匹配；技术经理人也会继续为您寻找。
        补充具体的技术指标和应用场景，有助于更准确地匹配。
      </p>
    </Card>
  );
}

/** The pair's steps so far (who, when, what), for the enterprise's own suggestion. */
function History({ matchId, onClose }: { matchId: string; onClose: () => void }) {
  const query = useQuery({
    queryKey: ['match-history', matchId],
    queryFn: () => unwrap(api.GET('/matches/{id}/history', { params: { path: { id: matchId } } })),
  });
  return (
    <Drawer open onClose={onClose} title="对接过程" width={420}>
      <QueryView query={query}>
        {(h) => (
          <>
            <p>
              当前阶段：<Tag color="blue">{h.statusLabel}</Tag>
            </p>
            <Timeline
              items={h.steps.map((s) => ({
                children: (
                  <>
                    <div>
                      <strong>{s.actionLabel}</strong>
                      {s.stageLabel && s.stageLabel !== s.actionLabel ? ` → ${s.stageLabel}` : ''}
                    </div>
                    <div className="note">
                      {dayjs(s.at).format('YYYY-MM-DD HH:mm')} · {s.actor.name}
                    </div>
                    {s.reasonLabel && <div>原因：{s.reasonLabel}</div>}
                    {s.note && <div>备注：{s.note}</div>}
                  </>
                ),
              }))}
            />
          </>
        )}
      </QueryView>
    </Drawer>
  );
}

/** 匹配推荐: the suggestions for one of the enterprise's demands; the enterprise says 有意向 or 不合适. */
export default function DemandSuggestions() {
  const { id } = useParams();
  const demand = useDemand(id);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState<Match | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: Interest['reason']; note?: string }>();
  const key = ['demand-matches', id];
  const matches = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/demands/{id}/matches', { params: { path: { id: id! }, query: { limit: 20 } } })),
    enabled: Boolean(id),
  });

  const interest = useMutation({
    mutationFn: (v: { match: Match; body: Interest }) =>
      unwrap(api.POST('/matches/{id}/interest', { params: { path: { id: v.match.id } }, body: v.body })),
    onSuccess: (r) => {
      message.success(`已标记为“${r.interestLabel}”`);
      setRejecting(null);
      form.resetFields();
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['reason', 'note'])) {
        const e = err as { message?: string; requestId?: string };
        message.error(`${e.message ?? '操作失败'}${e.requestId ? `（请求编号：${e.requestId}）` : ''}`);
      }
    },
  });

  return (
    <>
      <div className="page-head">
        <h1>匹配推荐{demand.data ? `：${demand.data.title}` : ''}</h1>
        <Link to={`/workspace/my-demands/${id}`}>返回需求详情</Link>
      </div>
      <p className="note">
        系统按技术内容、产业链、成熟度、合作方式等因素为需求推荐科技成果。标记“有意向”后，技术经理人会跟进并确认精准匹配；
        标记“不合适”请说明原因，帮助改进推荐。
      </p>
      <QueryView
        query={matches}
        isEmpty={(d) => d.items.length === 0 && !d.matched && d.lowRelevanceHidden === 0}
        empty="暂无匹配推荐：需求发布后系统会自动计算，请稍后再来查看"
      >
        {(data) =>
          data.items.length === 0 ? (
            <NoStrongMatch hidden={data.lowRelevanceHidden} />
          ) : (
            <div role="list" aria-label="匹配推荐列表">
              {data.items.map((m) => (
                <Card key={m.id} className="suggestion" role="listitem" size="small">
                  <div className="suggestion-head">
                    <h2>{m.achievement?.title ?? '（成果已不可见）'}</h2>
                    {m.origin === 'manual' ? (
                      <Tag color="geekblue">技术经理人推荐</Tag>
                    ) : (
                      <Tag color="geekblue">匹配度 {percent(m.score)} 分</Tag>
                    )}
                    <Tag color="blue">对接阶段：{m.statusLabel}</Tag>
                    {m.interest && (
                      <Tag color={m.interest === 'interested' ? '#166534' : 'default'}>
                        已标记：{MATCH_INTEREST_LABELS[m.interest]}
                        {m.interestReason ? `（${MATCH_INTEREST_REASON_LABELS[m.interestReason]}）` : ''}
                      </Tag>
                    )}
                  </div>
                  {m.achievement?.institutionName && <p className="note">成果单位：{m.achievement.institutionName}</p>}
                  <Explanation match={m} />
                  <Space wrap>
                    <Button
                      type={m.interest === 'interested' ? 'primary' : 'default'}
                      disabled={m.interest === 'interested'}
                      loading={interest.isPending && interest.variables?.match.id === m.id && !rejecting}
                      onClick={() =>
                        interest.mutate({ match: m, body: { interest: 'interested', version: m.version } })
                      }
                    >
                      有意向
                    </Button>
                    <Button disabled={m.interest === 'not_interested'} onClick={() => setRejecting(m)}>
                      不合适
                    </Button>
                    <Button onClick={() => setHistory(m.id)}>对接过程</Button>
                    <Link to={`/library/${m.achievementId}`}>查看成果</Link>
                  </Space>
                </Card>
              ))}
            </div>
          )
        }
      </QueryView>
      <Modal
        open={Boolean(rejecting)}
        title="标记为不合适"
        okText="确定"
        cancelText="取消"
        confirmLoading={interest.isPending}
        onCancel={() => {
          setRejecting(null);
          form.resetFields();
        }}
        onOk={() =>
          void form.validateFields().then((v) =>
            interest.mutate({
              match: rejecting!,
              body: {
                interest: 'not_interested',
                reason: v.reason,
                note: v.note?.trim() || undefined,
                version: rejecting!.version,
              },
            }),
          )
        }
      >
        <p>{rejecting?.achievement?.title}</p>
        <Form form={form} layout="vertical">
          <Form.Item label="原因" name="reason" rules={[{ required: true, message: '请选择不合适的原因' }]}>
            <Select
              placeholder="请选择"
              options={Object.entries(MATCH_INTEREST_REASON_LABELS).map(([value, text]) => ({ value, label: text }))}
            />
          </Form.Item>
          <Form.Item label="补充说明" name="note">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      {history && <History matchId={history} onClose={() => setHistory(null)} />}
    </>
  );
}
