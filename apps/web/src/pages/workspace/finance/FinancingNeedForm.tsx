import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { api, ApiError, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useChains, useNotify } from '../../../lib/workspace';
import { COLLATERAL_OPTIONS } from './shared';

type Body = Schemas['CreateFinancingNeedDto'];

const FIELDS = [
  'title',
  'purpose',
  'amount',
  'termMonths',
  'collateralKinds',
  'collateralDetails',
  'annualRevenue',
  'netProfit',
  'industryChainIds',
  'contactName',
  'contactPhone',
] as const;

/** 发布融资需求: the enterprise writes its need (saved as a draft, published from its page). */
export default function FinancingNeedForm() {
  const [form] = Form.useForm<Body>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const notify = useNotify();
  const chains = useChains();
  const [problem, setProblem] = useState<ApiError | null>(null);

  const save = useMutation({
    mutationFn: (body: Body) => unwrap(api.POST('/finance/needs', { body })),
    onSuccess: (need) => {
      void client.invalidateQueries({ queryKey: ['finance'] });
      notify.ok('融资需求已保存为草稿，确认无误后点击“发布”即向银行出题');
      void navigate(`/workspace/financing/${need.id}`);
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELDS)) setProblem(err instanceof ApiError ? err : null);
    },
  });

  return (
    <>
      <div className="page-head">
        <h1>发布融资需求</h1>
        <Link to="/workspace/financing">返回融资需求</Link>
      </div>
      {problem && <Alert type="error" showIcon role="alert" message={problem.message} style={{ marginBottom: 16 }} />}
      <Card>
        <Form<Body>
          form={form}
          layout="vertical"
          requiredMark
          initialValues={{ collateralKinds: [], termMonths: 12 }}
          onFinish={(values) => {
            setProblem(null);
            save.mutate({
              ...values,
              collateralDetails: values.collateralDetails?.trim() || undefined,
              annualRevenue: values.annualRevenue ?? undefined,
              netProfit: values.netProfit ?? undefined,
            });
          }}
        >
          <Form.Item name="title" label="需求名称" rules={[{ required: true, message: '请填写需求名称' }]}>
            <Input maxLength={100} placeholder="例如：五轴联动加工中心扩产流动资金贷款" />
          </Form.Item>
          <Form.Item name="purpose" label="资金用途" rules={[{ required: true, message: '请说明资金用途' }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="amount" label="融资金额（万元）" rules={[{ required: true, message: '请填写融资金额' }]}>
              <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="termMonths" label="期限（月）" rules={[{ required: true, message: '请填写期限' }]}>
              <InputNumber min={1} max={360} precision={0} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="collateralKinds" label="可提供的担保方式">
            <Select mode="multiple" options={COLLATERAL_OPTIONS} placeholder="可多选；无抵押请选“无抵押（信用）”" />
          </Form.Item>
          <Form.Item name="collateralDetails" label="抵质押物说明（保密）" extra="仅平台工作人员和已提交方案的银行可见">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="annualRevenue" label="上年营业收入（万元，保密）">
              <InputNumber min={0} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="netProfit" label="上年净利润（万元，保密）">
              <InputNumber precision={2} style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Form.Item name="industryChainIds" label="所属产业链">
            <Select
              mode="multiple"
              loading={chains.isPending}
              options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              placeholder="可多选"
            />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="contactName" label="联系人（保密）" rules={[{ required: true, message: '请填写联系人' }]}>
              <Input maxLength={50} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="contactPhone"
              label="联系电话（保密）"
              rules={[{ required: true, message: '请填写联系电话' }]}
            >
              <Input maxLength={30} style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存草稿
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </>
  );
}
