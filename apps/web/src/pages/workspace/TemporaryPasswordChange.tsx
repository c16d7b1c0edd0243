import { Alert, App, Button, Card } from 'antd';
import { useLocation } from 'react-router';

import PasswordChangeForm from '../../components/PasswordChangeForm';
import { api, unwrap } from '../../lib/api';
import { useSession } from '../../lib/session';

/**
 * Shown instead of every workspace page while the account signs in with a temporary password from an
 * administrator's reset (the API refuses everything else meanwhile). After the change the requested page opens.
 */
export default function TemporaryPasswordChange() {
  const { me } = useSession();
  const location = useLocation();
  const { message } = App.useApp();
  if (!me) return null;

  const logout = async () => {
    await unwrap(api.DELETE('/auth/session')).catch(() => undefined);
    window.location.assign('/login');
  };

  return (
    <main className="login">
      <Card>
        <h1>请先修改临时密码</h1>
        <Alert
          type="info"
          showIcon
          className="login-alert"
          message="您正在使用管理员设置或重置的临时密码"
          description={
            '为保障账号安全，临时密码只能用来设置新密码，且有效期有限。请输入刚才登录用的临时密码和您自己的新密码，修改后即可继续使用工作台。'
          }
        />
        <p className="note">
          账号：{me.name}（{me.email}）
        </p>
        <PasswordChangeForm
          email={me.email}
          currentLabel="临时密码"
          submitLabel="设置新密码并继续"
          returnTo={location.pathname + location.search}
          onChanged={() => message.success('新密码已设置，欢迎使用工作台')}
        />
        <p className="login-switch">
          <Button onClick={() => void logout()}>退出登录</Button>
        </p>
      </Card>
    </main>
  );
}
