import { useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';

import { api, unwrap } from '../lib/api';
import { showFieldErrors } from '../lib/form-errors';
import { ME_KEY } from '../lib/session';
import NewPasswordFields from './NewPasswordFields';
import { ErrorState } from './states';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * 修改密码: the API ends every session issued before the change, this browser's too, so the form signs in again
 * with the new password for a fresh session cookie (if that fails: the login page, back to `returnTo`).
 */
export default function PasswordChangeForm({
  email,
  currentLabel = '当前密码',
  submitLabel = '修改密码',
  returnTo,
  onChanged,
}: {
  email: string;
  currentLabel?: string;
  submitLabel?: string;
  returnTo: string;
  onChanged: () => void;
}) {
  const [form] = Form.useForm<PasswordForm>();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

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
    try {
      await unwrap(api.POST('/auth/session', { body: { email, password: newPassword } }));
      form.resetFields();
      onChanged();
      await client.invalidateQueries({ queryKey: ME_KEY });
    } catch {
      window.location.assign('/login?next=' + encodeURIComponent(returnTo));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error ? (
        <div className="login-alert">
          <ErrorState error={error} />
        </div>
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={currentLabel} name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label="新密码" extra="且不能与当前密码相同" />
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
