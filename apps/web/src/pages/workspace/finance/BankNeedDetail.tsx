import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Space } from 'antd';
import { Link, useParams } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useNotify } from '../../../lib/workspace';
import { NeedDescriptions, OfferStatusTag, rate, useNeed, useOffers, wan } from './shared';

type Body = Schemas['CreateFinancingOfferDto'];
const FIELDS = ['productName', 'amount', 'rateMin', 'rateMax', 'termMonths', 'conditions'] as const;

/** A financing need as a bank reads it, with this bank's offer or the form to answer. */
export default function BankNeedDetail() {
  const { id = '' } = useParams();
  const need = useNeed(id);
  const offers = useOffers(id);
  const client = useQueryClient();
  const notify = useNotify();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Body>();

  const submit = useMutation({
    mutationFn: (body: Body) => unwrap(api.POST('/finance/needs/{id}/offers', { params: { path: { id } }, body })),
    onSuccess: () => {
      notify.ok('方案已提交，等待企业选择');
      void client.invalidateQueries({ queryKey: ['finance'] });
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELDS)) notify.fail(err);
    },
  });

  if (need.isPending) return <PageLoading />;
  if (need.error) return <ErrorState error={need.error} onRetry={() => void need.refetch()} />;
  const n = need.data;
  const mine = offers.data?.[0];

  return (
    <>
      <div className="page-head">
        <h1>{n.title}</h1>
        <Link to="/workspace/bank">返回银行答题</Link>
      </div>
      <NeedDescriptions need={n} />
      {mine && (
        <Card title="本行方案" style={{ marginTop: 24 }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="产品">{mine.productName}</Descriptions.Item>
            <Descriptions.Item label="授信金额">{wan(mine.amount)}</Descriptions.Item>
            <Descriptions.Item label="年利率">{rate(mine)}</Descriptions.Item>
            <Descriptions.Item label="期限">{mine.termMonths} 个月</Descriptions.Item>
            <Descriptions.Item label="状态">
              <OfferStatusTag offer={mine} />
            </Descriptions.Item>
            <Descriptions.Item label="办理条件" span={3}>
              {mine.conditions}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {n.allowedActions.includes('offer') && (
        <Card title="提交本行方案" style={{ marginTop: 24 }}>
          <Form<Body>
            form={form}
            layout="vertical"
            initialValues={{ amount: n.amount, termMonths: n.termMonths }}
            onFinish={(v) =>
              modal.confirm({
                title: '提交方案？',
                content: '每家银行对一项融资需求只能提交一份方案，提交后不能修改。',
                okText: '提交',
                cancelText: '取消',
                onOk: () => submit.mutateAsync(v).catch(() => undefined),
              })
            }
          >
            <Form.Item name="productName" label="金融产品" rules={[{ required: true, message: '请填写产品名称' }]}>
              <Input maxLength={50} placeholder="例如：昆科贷、昆育融、高企贷、人才贷" style={{ maxWidth: 320 }} />
            </Form.Item>
            <Space wrap size="large">
              <Form.Item name="amount" label="授信金额（万元）" rules={[{ required: true, message: '请填写授信金额' }]}>
                <InputNumber min={0.01} precision={2} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="rateMin" label="年利率下限（%）" rules={[{ required: true, message: '请填写利率下限' }]}>
                <InputNumber min={0} max={36} step={0.05} precision={3} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="rateMax" label="年利率上限（%）" rules={[{ required: true, message: '请填写利率上限' }]}>
                <InputNumber min={0} max={36} step={0.05} precision={3} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="termMonths" label="期限（月）" rules={[{ required: true, message: '请填写期限' }]}>
                <InputNumber min={1} max={360} precision={0} style={{ width: 140 }} />
              </Form.Item>
            </Space>
            <Form.Item
              name="conditions"
              label="办理条件与担保要求"
              rules={[{ required: true, message: '请填写办理条件' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              提交方案
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
