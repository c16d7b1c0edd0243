import { App, Card, Descriptions } from 'antd';

import PasswordChangeForm from '../../components/PasswordChangeForm';
import { ROLE_LABELS } from '../../lib/labels';
import { useSession } from '../../lib/session';

/** 账号设置: who you are, and a password change (which ends every earlier session of the account). */
export default function Account() {
  const { me } = useSession();
  const { message } = App.useApp();
  if (!me) return null;

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
        <PasswordChangeForm
          email={me.email}
          returnTo="/workspace/account"
          onChanged={() => message.success('密码已修改，其他设备上的登录已失效')}
        />
      </Card>
    </>
  );
}
