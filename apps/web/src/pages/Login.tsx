import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { ErrorState } from '../components/states';
import { api, unwrap } from '../lib/api';
import { showFieldErrors } from '../lib/form-errors';
import { ME_KEY, safeNext } from '../lib/session';

interface Credentials {
  email: string;
  password: string;
}

/** Sign-in: the API sets an httpOnly session cookie; afterwards back to the page that asked for it. */
export default function Login() {
  const [form] = Form.useForm<Credentials>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const expired = params.get('expired') === '1';

  const submit = async (values: Credentials) => {
    setError(null);
    setBusy(true);
    try {
      await unwrap(api.POST('/auth/session', { body: values }));
      await client.invalidateQueries({ queryKey: ME_KEY });
      await client.refetchQueries({ queryKey: ME_KEY });
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (!showFieldErrors(form, err, ['email', 'password'])) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <Card>
        <h1>登录工作台</h1>
        {expired && <Alert type="warning" showIcon message="登录已过期，请重新登录" className="login-alert" />}
        {error ? (
          <div className="login-alert">
            <ErrorState error={error} />
          </div>
        ) : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="邮箱" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
            <Input inputMode="email" autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <p className="login-switch">
          还没有账号？<Link to="/register">企业注册</Link>
        </p>
      </Card>
    </div>
  );
}
