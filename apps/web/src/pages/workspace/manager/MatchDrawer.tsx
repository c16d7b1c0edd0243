import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import {
  ACHIEVEMENT_STATUS_LABELS,
  COOPERATION_MODE_LABELS,
  DEMAND_STATUS_LABELS,
  label,
  MATCH_INTEREST_LABELS,
  MATCH_REJECT_REASON_LABELS,
  MATCH_STATUS_LABELS,
  MATURITY_STAGE_LABELS,
  wan,
} from '../../../lib/labels';
import { time, useNotify } from '../../../lib/workspace';
import { ToneTag } from './shared';

type Match = Schemas['MatchResponseDto'];
type MatchStatus = Match['status'];
type Transition = Schemas['MatchTransitionDto'];
type Action = 'confirm' | 'contact' | 'negotiate' | 'contract' | 'reject' | 'reopen';

/** The pipeline's rule as the API applies it (MATCH_WORKFLOW): which actions each stage allows, in button order. */
const ALLOWED: Record<MatchStatus, Action[]> = {
  suggested: ['confirm', 'reject'],
  confirmed: ['contact', 'negotiate', 'contract', 'reject'],
  contacted: ['negotiate', 'contract', 'reject'],
  negotiating: ['contract', 'reject'],
  contracted: [],
  rejected: ['reopen'],
};

const ACTION_LABELS: Record<Action, string> = {
  confirm: '确认为精准匹配',
  contact: '标记已联系',
  negotiate: '进入洽谈',
  contract: '标记已签约',
  reject: '标记未成功',
  reopen: '重新推荐',
};

const FACTOR_LABELS: Record<string, string> = {
  text: '技术内容相关度',
  chain: '产业链',
  maturity: '成熟度',
  mode: '合作方式',
  budget: '价格',
  region: '地域',
};

/** One pair: both records, why it was suggested, every step so far, and the actions its stage allows. */
export default function MatchDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [dialog, setDialog] = useState<'contract' | 'reject' | null>(null);
  const [noteForm] = Form.useForm<{ note?: string }>();

  const match = useQuery({
    queryKey: ['match', id],
    queryFn: () => unwrap(api.GET('/matches/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['match', id, 'history'],
    queryFn: () => unwrap(api.GET('/matches/{id}/history', { params: { path: { id } } })),
  });
  const m = match.data;
  const demand = useQuery({
    queryKey: ['demand', m?.demandId],
    queryFn: () => unwrap(api.GET('/demands/{id}', { params: { path: { id: m!.demandId } } })),
    enabled: !!m,
  });
  const achievement = useQuery({
    queryKey: ['achievement', m?.achievementId],
    queryFn: () => unwrap(api.GET('/achievements/{id}', { params: { path: { id: m!.achievementId } } })),
    enabled: !!m,
  });

  const act = useMutation({
    mutationFn: (input: { action: Action; body: Transition }) =>
      unwrap(
        api.POST('/matches/{id}/{action}', {
          params: { path: { id, action: input.action } },
          body: { ...input.body, version: m?.version },
        }),
      ),
    onSuccess: async (_, input) => {
      notify.ok(`已${ACTION_LABELS[input.action]}`);
      setDialog(null);
      noteForm.resetFields();
      await client.invalidateQueries({ queryKey: ['match', id] });
      await client.invalidateQueries({ queryKey: ['matches'] });
    },
  });

  const simple = (action: Action) =>
    modal.confirm({
      title: `确认${ACTION_LABELS[action]}？`,
      content:
        action === 'confirm'
          ? '确认后该对需求与成果计入“精准匹配”，并进入对接流程。'
          : '对接阶段只能向前推进，确认后不能退回上一阶段。',
      okText: '确认',
      cancelText: '取消',
      onOk: () =>
        act
          .mutateAsync({ action, body: { note: noteForm.getFieldValue('note') || undefined } })
          .catch((err: unknown) => notify.fail(err)),
    });

  return (
    <Drawer open onClose={onClose} width={860} title="匹配详情" destroyOnHidden>
      {match.isPending ? (
        <PageLoading />
      ) : match.error || !m ? (
        <ErrorState error={match.error} onRetry={() => void match.refetch()} />
      ) : (
        <div className="match-detail">
          <div className="match-head">
            <ToneTag tone="info">{MATCH_STATUS_LABELS[m.status]}</ToneTag>
            <span>匹配分 {Math.round(m.score * 100)}</span>
            {m.origin === 'manual' && <Tag>人工配对</Tag>}
            {m.lowRelevance && <ToneTag tone="warn">低相关（不向企业推荐）</ToneTag>}
            {m.interest && (
              <ToneTag tone={m.interest === 'interested' ? 'ok' : 'bad'}>
                企业{MATCH_INTEREST_LABELS[m.interest]}
              </ToneTag>
            )}
          </div>
          {m.interest && (
            <Alert
              type={m.interest === 'interested' ? 'success' : 'warning'}
              showIcon
              message={`需求方企业${time(m.interestAt)}表示“${MATCH_INTEREST_LABELS[m.interest]}”`}
              description={m.interestNote ? `企业说明：${m.interestNote}` : undefined}
            />
          )}

          <div className="match-records">
            <section aria-label="技术需求">
              <h2>技术需求</h2>
              {demand.isPending ? (
                <PageLoading />
              ) : demand.error || !demand.data ? (
                <ErrorState error={demand.error} onRetry={() => void demand.refetch()} />
              ) : (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="名称">{demand.data.title}</Descriptions.Item>
                  <Descriptions.Item label="企业">{demand.data.ownerOrganisationName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="状态">{DEMAND_STATUS_LABELS[demand.data.status]}</Descriptions.Item>
                  <Descriptions.Item label="产业链">
                    {demand.data.industryChains.map((c) => c.name).join('、') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label="技术指标">
                    <div className="pre clamp">{demand.data.technicalIndicators || '—'}</div>
                  </Descriptions.Item>
                  <Descriptions.Item label="合作方式">
                    {demand.data.cooperationModes.map((c) => COOPERATION_MODE_LABELS[c]).join('、') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label="预算（保密）">
                    {demand.data.budgetMin == null && demand.data.budgetMax == null
                      ? '面议'
                      : `${wan(demand.data.budgetMin)} – ${wan(demand.data.budgetMax)}`}
                  </Descriptions.Item>
                  <Descriptions.Item label="联系人（保密）">
                    {[demand.data.contactName, demand.data.contactPhone].filter(Boolean).join(' · ') || '—'}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </section>
            <section aria-label="科技成果">
              <h2>科技成果</h2>
              {achievement.isPending ? (
                <PageLoading />
              ) : achievement.error || !achievement.data ? (
                <ErrorState error={achievement.error} onRetry={() => void achievement.refetch()} />
              ) : (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="名称">{achievement.data.title}</Descriptions.Item>
                  <Descriptions.Item label="单位">{achievement.data.institutionName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="状态">
                    {ACHIEVEMENT_STATUS_LABELS[achievement.data.status]}
                  </Descriptions.Item>
                  <Descriptions.Item label="成熟度">
                    {label(MATURITY_STAGE_LABELS, achievement.data.stage)}
                  </Descriptions.Item>
                  <Descriptions.Item label="简介">
                    <div className="pre clamp">{achievement.data.abstract}</div>
                  </Descriptions.Item>
                  <Descriptions.Item label="转化方式">
                    {achievement.data.transferModes.map((c) => COOPERATION_MODE_LABELS[c]).join('、') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label="意向价格">{wan(achievement.data.askingPrice)}</Descriptions.Item>
                  <Descriptions.Item label="联系人（保密）">
                    {[achievement.data.contactName, achievement.data.contactPhone].filter(Boolean).join(' · ') || '—'}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </section>
          </div>

          <section aria-label="推荐理由">
            <h2>推荐理由</h2>
            <p>{m.explanation.summary}</p>
            {m.explanation.matchedTerms.length > 0 && (
              <p>
                命中技术词：
                {m.explanation.matchedTerms.map((t) => (
                  <Tag key={t}>{t}</Tag>
                ))}
              </p>
            )}
            {Object.keys(m.explanation.factors).length > 0 && (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={Object.entries(m.explanation.factors).map(([key, f]) => ({ key, ...f }))}
                columns={[
                  { title: '因素', dataIndex: 'key', width: 100, render: (k: string) => FACTOR_LABELS[k] ?? k },
                  { title: '说明', dataIndex: 'note' },
                  { title: '权重', dataIndex: 'weight', width: 70, render: (v: number) => v.toFixed(2) },
                  { title: '贡献', dataIndex: 'contribution', width: 70, render: (v: number) => v.toFixed(2) },
                ]}
              />
            )}
          </section>

          <section aria-label="对接过程">
            <h2>对接过程</h2>
            {history.isPending ? (
              <PageLoading />
            ) : history.error || !history.data ? (
              <ErrorState error={history.error} onRetry={() => void history.refetch()} />
            ) : (
              <Timeline
                items={history.data.steps.map((s) => ({
                  key: s.id,
                  children: (
                    <div className="history-step">
                      <strong>{s.actionLabel}</strong>
                      {s.stage && <Tag>{MATCH_STATUS_LABELS[s.stage]}</Tag>}
                      <div className="history-meta">
                        {time(s.at)} · {s.actor.name}（{s.actor.roleLabel}
                        {s.actor.organisationName ? `，${s.actor.organisationName}` : ''}）
                      </div>
                      {s.reasonLabel && <div>原因：{s.reasonLabel}</div>}
                      {s.note && <div>备注：{s.note}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </section>

          <section aria-label="对接操作">
            <h2>操作</h2>
            {ALLOWED[m.status].length === 0 ? (
              <p>已签约：{m.contractedAt ? time(m.contractedAt) : ''}，对接流程已完成。</p>
            ) : (
              <>
                <Form form={noteForm} layout="vertical">
                  <Form.Item name="note" label="备注（选填）" extra="记录在对接过程中，如联系情况、下一步安排。">
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Form>
                <Space wrap>
                  {ALLOWED[m.status].map((action) => (
                    <Button
                      key={action}
                      type={action === 'confirm' || action === 'contract' ? 'primary' : 'default'}
                      danger={action === 'reject'}
                      loading={act.isPending && act.variables?.action === action}
                      onClick={() =>
                        action === 'contract' || action === 'reject' ? setDialog(action) : simple(action)
                      }
                    >
                      {ACTION_LABELS[action]}
                    </Button>
                  ))}
                </Space>
              </>
            )}
          </section>
        </div>
      )}
      {dialog && m && (
        <OutcomeDialog
          kind={dialog}
          note={noteForm.getFieldValue('note') as string | undefined}
          onCancel={() => setDialog(null)}
          submit={(body) => act.mutateAsync({ action: dialog, body })}
        />
      )}
    </Drawer>
  );
}

interface OutcomeFields {
  contractAmount?: number;
  contractedAt?: Dayjs;
  contractMode?: Transition['contractMode'];
  demandSolved?: boolean;
  reason?: Transition['reason'];
  note?: string;
}

const CONTRACT_FIELDS = ['contractAmount', 'contractedAt', 'contractMode', 'demandSolved', 'note', 'reason'];

/** 已签约 with the contract's fields, or 未成功 with its reason: both final, so confirmed in a dialog. */
function OutcomeDialog({
  kind,
  note,
  onCancel,
  submit,
}: {
  kind: 'contract' | 'reject';
  note: string | undefined;
  onCancel: () => void;
  submit: (body: Transition) => Promise<unknown>;
}) {
  const [form] = Form.useForm<OutcomeFields>();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const finish = async (v: OutcomeFields) => {
    setBusy(true);
    try {
      await submit(
        kind === 'contract'
          ? {
              contractAmount: v.contractAmount,
              contractedAt: v.contractedAt ? v.contractedAt.format('YYYY-MM-DD') : undefined,
              contractMode: v.contractMode,
              demandSolved: v.demandSolved ?? false,
              note: v.note || undefined,
            }
          : { reason: v.reason, note: v.note || undefined },
      );
    } catch (err) {
      if (!showFieldErrors(form, err, CONTRACT_FIELDS)) notify.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={kind === 'contract' ? '标记已签约' : '标记未成功'}
      okText={kind === 'contract' ? '确认签约' : '确认未成功'}
      okButtonProps={{ danger: kind === 'reject', loading: busy }}
      cancelText="取消"
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ note, contractedAt: dayjs(), demandSolved: false }}
        onFinish={(v) => void finish(v)}
      >
        {kind === 'contract' ? (
          <>
            <p>签约后对接流程结束，不能再变更阶段。</p>
            <Form.Item
              name="contractAmount"
              label="合同金额（万元）"
              rules={[{ required: true, message: '请填写合同金额' }]}
            >
              <InputNumber min={0} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="contractedAt" label="签约日期" extra="不能晚于今天。">
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="contractMode"
              label="合作方式"
              extra="技术转让或许可使用会把成果标记为“已转化”。"
              rules={[{ required: true, message: '请选择合作方式' }]}
            >
              <Select
                style={{ width: 200 }}
                options={Object.entries(COOPERATION_MODE_LABELS).map(([value, text]) => ({ value, label: text }))}
              />
            </Form.Item>
            <Form.Item
              name="demandSolved"
              label="企业确认需求已解决"
              valuePropName="checked"
              extra="开启后需求标记为“已解决”，否则为“对接中”。"
            >
              <Switch />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label="未成功原因" rules={[{ required: true, message: '请选择未成功的原因' }]}>
            <Select
              options={Object.entries(MATCH_REJECT_REASON_LABELS).map(([value, text]) => ({ value, label: text }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label="备注（选填）">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
