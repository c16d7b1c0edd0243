import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { EmptyState, ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { day, useNotify } from '../../../lib/workspace';
import {
  type FinancingNeed,
  type FinancingOffer,
  NeedDescriptions,
  OfferStatusTag,
  rate,
  useNeed,
  useOffers,
  wan,
} from './shared';

type OutcomeValues = {
  outcome: Schemas['FinancingOutcome'];
  loanAmount?: number;
  loanDate?: Dayjs;
  reason?: string;
};

/** One financing need for its enterprise: publish, the banks' offers, accept one, record the outcome. */
export default function FinancingNeedDetail() {
  const { id = '' } = useParams();
  const need = useNeed(id);
  const offers = useOffers(id);
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [outcomeForm] = Form.useForm<OutcomeValues>();
  const outcome = Form.useWatch('outcome', outcomeForm);

  const refresh = () => void client.invalidateQueries({ queryKey: ['finance'] });

  const publish = useMutation({
    mutationFn: (n: FinancingNeed) =>
      unwrap(api.POST('/finance/needs/{id}/publish', { params: { path: { id: n.id } }, body: { version: n.version } })),
    onSuccess: () => {
      notify.ok('已发布，银行可以答题了');
      refresh();
    },
    onError: notify.fail,
  });
  const withdraw = useMutation({
    mutationFn: (n: FinancingNeed) =>
      unwrap(
        api.POST('/finance/needs/{id}/withdraw', {
          params: { path: { id: n.id } },
          body: { version: n.version, reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      setWithdrawing(false);
      notify.ok('融资需求已撤回');
      refresh();
    },
    onError: notify.fail,
  });
  const accept = useMutation({
    mutationFn: ({ offer, n }: { offer: FinancingOffer; n: FinancingNeed }) =>
      unwrap(
        api.POST('/finance/offers/{offerId}/accept', {
          params: { path: { offerId: offer.id } },
          body: { needVersion: n.version },
        }),
      ),
    onSuccess: () => {
      notify.ok('已选定银行方案，放款后请登记融资结果');
      refresh();
    },
    onError: notify.fail,
  });
  const close = useMutation({
    mutationFn: ({ n, v }: { n: FinancingNeed; v: OutcomeValues }) =>
      unwrap(
        api.POST('/finance/needs/{id}/outcome', {
          params: { path: { id: n.id } },
          body: {
            version: n.version,
            outcome: v.outcome,
            ...(v.outcome === 'granted'
              ? { loanAmount: v.loanAmount, loanDate: v.loanDate?.format('YYYY-MM-DD') }
              : { reason: v.reason?.trim() }),
          },
        }),
      ),
    onSuccess: () => {
      notify.ok('融资结果已登记');
      refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(outcomeForm, err, ['outcome', 'loanAmount', 'loanDate', 'reason'])) notify.fail(err);
    },
  });

  if (need.isPending) return <PageLoading />;
  if (need.error) return <ErrorState error={need.error} onRetry={() => void need.refetch()} />;
  const n = need.data;
  const can = (a: string) => n.allowedActions.includes(a);

  return (
    <>
      <div className="page-head">
        <h1>{n.title}</h1>
        <Space wrap>
          <Link to="/workspace/financing">返回融资需求</Link>
          {can('publish') && (
            <Button
              type="primary"
              loading={publish.isPending}
              onClick={() =>
                modal.confirm({
                  title: '发布融资需求？',
                  content: '发布后各银行可查看金额、期限和担保方式并提交方案，需求内容不能再修改。',
                  okText: '发布',
                  cancelText: '取消',
                  onOk: () => publish.mutateAsync(n).catch(() => undefined),
                })
              }
            >
              发布
            </Button>
          )}
          {can('withdraw') && (
            <Button danger onClick={() => setWithdrawing(true)}>
              撤回
            </Button>
          )}
        </Space>
      </div>
      <NeedDescriptions need={n} />

      <h2 className="section-title">银行方案</h2>
      {offers.error ? (
        <ErrorState error={offers.error} onRetry={() => void offers.refetch()} />
      ) : (
        <Table<FinancingOffer>
          rowKey="id"
          loading={offers.isFetching}
          dataSource={offers.data ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{
            emptyText: offers.isPending ? (
              ' '
            ) : (
              <EmptyState>{n.status === 'draft' ? '发布后银行方可答题' : '还没有银行提交方案'}</EmptyState>
            ),
          }}
          columns={[
            { title: '银行', dataIndex: 'bankName', width: 160, render: (v: string | null) => v ?? '—' },
            { title: '产品', dataIndex: 'productName', width: 90 },
            { title: '授信金额', dataIndex: 'amount', width: 100, render: (v: number) => wan(v) },
            { title: '年利率', key: 'rate', width: 120, render: (_, o) => rate(o) },
            { title: '期限', dataIndex: 'termMonths', width: 80, render: (v: number) => `${v} 个月` },
            { title: '办理条件', dataIndex: 'conditions' },
            { title: '状态', key: 'status', width: 100, render: (_, o) => <OfferStatusTag offer={o} /> },
            { title: '提交日期', dataIndex: 'submittedAt', width: 110, render: (v: string) => day(v) },
            {
              title: '操作',
              key: 'actions',
              width: 80,
              render: (_, o) =>
                o.acceptable ? (
                  <Button
                    size="small"
                    type="primary"
                    aria-label={`选定${o.bankName ?? ''}${o.productName}`}
                    onClick={() =>
                      modal.confirm({
                        title: `选定${o.bankName ?? ''}的“${o.productName}”方案？`,
                        content: '只能选定一家银行的方案，其余方案将标记为“未被选定”，此操作不可撤销。',
                        okText: '确认选定',
                        cancelText: '取消',
                        onOk: () => accept.mutateAsync({ offer: o, n }).catch(() => undefined),
                      })
                    }
                  >
                    选定
                  </Button>
                ) : null,
            },
          ]}
        />
      )}

      {can('close') && (
        <Card title="登记融资结果" className="section-card" style={{ marginTop: 24 }}>
          <Form<OutcomeValues>
            form={outcomeForm}
            layout="vertical"
            initialValues={{ outcome: 'granted', loanDate: dayjs() }}
            onFinish={(v) =>
              modal.confirm({
                title: v.outcome === 'granted' ? '登记为已放款？' : '登记为未成？',
                content: '登记后融资需求即办结，结果不能再修改。',
                okText: '登记',
                cancelText: '取消',
                onOk: () => close.mutateAsync({ n, v }).catch(() => undefined),
              })
            }
          >
            <Form.Item name="outcome" label="结果">
              <Radio.Group
                options={[
                  { value: 'granted', label: '已放款' },
                  { value: 'failed', label: '未成' },
                ]}
              />
            </Form.Item>
            {outcome !== 'failed' ? (
              <Space wrap size="large">
                <Form.Item
                  name="loanAmount"
                  label="放款金额（万元）"
                  rules={[{ required: true, message: '请填写放款金额' }]}
                >
                  <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name="loanDate" label="放款日期" rules={[{ required: true, message: '请选择放款日期' }]}>
                  <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
              </Space>
            ) : (
              <Form.Item name="reason" label="未成原因" rules={[{ required: true, message: '请说明未成原因' }]}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={close.isPending}>
              登记结果
            </Button>
          </Form>
        </Card>
      )}

      <Modal
        title="撤回融资需求"
        open={withdrawing}
        okText="撤回"
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: withdraw.isPending }}
        cancelText="取消"
        onOk={() => withdraw.mutate(n)}
        onCancel={() => setWithdrawing(false)}
      >
        <p>撤回后银行不能再提交方案，此操作不可撤销。</p>
        <Input.TextArea
          aria-label="撤回原因"
          placeholder="请填写撤回原因"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
