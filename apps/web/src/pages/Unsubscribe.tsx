import { useMutation } from '@tanstack/react-query';
import { Button, Card, Result } from 'antd';
import { Link, useSearchParams } from 'react-router';

import { api, unwrap } from '../lib/api';
import { errorText } from '../lib/workspace';

/** The e-mail's unsubscribe link (no login): confirm, then that kind of e-mail stops; the inbox keeps it. */
export default function Unsubscribe() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/notifications/unsubscribe', { params: { query: { token } } })),
  });

  return (
    <main className="unsubscribe">
      <Card>
        {run.data ? (
          <Result
            status="success"
            title="已退订"
            subTitle={`${run.data.name}，您将不再收到「${run.data.label}」邮件，站内通知中心仍会保留此类通知。可随时在“通知中心 · 通知设置”中重新开启。`}
            extra={<Link to="/login">登录平台</Link>}
          />
        ) : run.error ? (
          <Result status="error" title="退订未完成" subTitle={errorText(run.error)} />
        ) : !token ? (
          <Result status="warning" title="退订链接不完整" subTitle="请直接点击邮件中的退订链接。" />
        ) : (
          <Result
            status="info"
            title="退订邮件通知"
            subTitle="确认后，您将不再收到这一类通知邮件（无需登录）。"
            extra={
              <Button type="primary" loading={run.isPending} onClick={() => run.mutate()}>
                确认退订
              </Button>
            }
          />
        )}
      </Card>
    </main>
  );
}
