import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import NewPasswordFields from '../components/NewPasswordFields';
import { ErrorState } from '../components/states';
import { api, type Schemas, unwrap } from '../lib/api';
import { showFieldErrors } from '../lib/form-errors';
import { ME_KEY } from '../lib/session';

type Registration = Schemas['RegisterEnterpriseDto'] & { confirm: string };

const FIELDS = [
  'organisation.name',
  'organisation.creditCode',
  'organisation.district',
  'organisation.address',
  'name',
  'email',
  'phone',
  'password',
] as const;

/** 企业注册: the enterprise and its first user in one step, then signed in and into the workspace. */
export default function Register() {
  const [form] = Form.useForm<Registration>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ confirm: _confirm, ...values }: Registration) => {
    setError(null);
    setBusy(true);
    try {
      const org = values.organisation;
      await unwrap(
        api.POST('/auth/register', {
          body: {
            ...values,
            phone: values.phone || undefined,
            organisation: {
              name: org.name,
              creditCode: org.creditCode || undefined,
              district: org.district || undefined,
              address: org.address || undefined,
            },
          },
        }),
      );
      // The registration answers a token for API clients; the console signs in for its httpOnly cookie.
      await unwrap(api.POST('/auth/session', { body: { email: values.email, password: values.password } }));
      await client.invalidateQueries({ queryKey: ME_KEY });
      await client.refetchQueries({ queryKey: ME_KEY });
      navigate('/workspace', { replace: true });
    } catch (err) {
      if (!showFieldErrors(form, err, FIELDS)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login register">
      <Card>
        <h1>企业注册</h1>
        <p className="note">注册后即可在线发布技术需求，由技术经理人审核后进入需求大厅，并获得科技成果匹配推荐。</p>
        {error ? (
          <div className="login-alert">
            <ErrorState error={error} />
          </div>
        ) : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" scrollToFirstError>
          <h2 className="form-section">企业信息</h2>
          <Form.Item
            label="企业名称"
            name={['organisation', 'name']}
            rules={[{ required: true, whitespace: true, message: '请输入企业名称' }]}
          >
            <Input autoComplete="organization" placeholder="如：昆山精密传动科技有限公司" />
          </Form.Item>
          <Form.Item label="统一社会信用代码" name={['organisation', 'creditCode']} extra="18 位，可稍后补充">
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item label="所在区镇" name={['organisation', 'district']}>
            <Input placeholder="如：周市镇" />
          </Form.Item>
          <Form.Item label="地址" name={['organisation', 'address']}>
            <Input autoComplete="street-address" />
          </Form.Item>
          <h2 className="form-section">账号信息（企业的第一位用户）</h2>
          <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item label="邮箱" name="email" rules={[{ required: true, message: '请输入邮箱' }]} extra="用于登录">
            <Input inputMode="email" autoComplete="email" />
          </Form.Item>
          <Form.Item label="手机号" name="phone">
            <Input inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <NewPasswordFields />
          <Button type="primary" htmlType="submit" block loading={busy}>
            注册并进入工作台
          </Button>
        </Form>
        <p className="login-switch">
          已有账号？<Link to="/login">去登录</Link>
        </p>
      </Card>
    </div>
  );
}
