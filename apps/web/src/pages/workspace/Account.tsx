import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';

import { ErrorState } from '../../components/states';
import { api, unwrap } from '../../lib/api';
import { showFieldErrors } from '../../lib/form-errors';
import { sameAs } from '../../lib/form-rules';
import { ROLE_LABELS } from '../../lib/labels';
import { ME_KEY, useSession } from '../../lib/session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 账号设置: who you are, and a password change (which ends every earlier session of the account). */
export default function Account() {
  const { me } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!me) return null;

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setError(null);
    setBusy(true);
    try {
      await unwrap(api.POST('/auth/password', { body: { currentPassword, newPassword } }));
    } catch (err) {
      if (!showFieldErrors(form, err, ['currentPassword', 'newPassword'])) setError(err);
      setBusy(false);
      return;
    }
    // The API ends every session issued before the change, this browser's too: sign in again with the new
    // password for a fresh session cookie; if that fails, the login page.
    try {
      await unwrap(api.POST('/auth/session', { body: { email: me.email, password: newPassword } }));
      await client.invalidateQueries({ queryKey: ME_KEY });
      form.resetFields();
      message.success('密码已修改，其他设备上的登录已失效');
    } catch {
      window.location.assign('/login?next=' + encodeURIComponent('/workspace/account'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>账号设置</h1>
      <Card size="small" title={<h2 className="form-section">账号信息</h2>} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="姓名">{me.name}</Descriptions.Item>
          <Descriptions.Item label="邮箱">{me.email}</Descriptions.Item>
          <Descriptions.Item label="角色">{ROLE_LABELS[me.role]}</Descriptions.Item>
          <Descriptions.Item label="所属单位">{me.organisation?.name ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={<h2 className="form-section">修改密码</h2>} style={{ maxWidth: 480 }}>
        {error ? (
          <div className="login-alert">
            <ErrorState error={error} />
          </div>
        ) : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[{ required: true, message: '请输入新密码' }]}
            extra="8–72 位，须同时包含字母和数字，且不能与当前密码相同"
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[{ required: true, message: '请再次输入新密码' }, sameAs('newPassword', '两次输入的新密码不一致')]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            修改密码
          </Button>
        </Form>
      </Card>
    </>
  );
}
