import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';

import { api, unwrap } from '../lib/api';

export const UNREAD_KEY = ['notifications', 'unread'];

/**
 * The header's bell: the unread count, kept live by the authenticated Server-Sent Events stream (the browser's
 * EventSource sends the httpOnly session cookie; it reconnects by itself when the server ends the stream). Without
 * the stream (a proxy that buffers), the count is polled once a minute.
 */
export default function NotificationBell() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => unwrap(api.GET('/notifications/unread-count')),
    refetchInterval: 60_000,
  });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/notifications/stream');
    source.addEventListener('unread', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { unread?: number; title?: string | null };
        if (typeof data.unread === 'number') client.setQueryData(UNREAD_KEY, { unread: data.unread });
        if (data.title) {
          notification.info({ message: '新通知', description: data.title, placement: 'bottomRight', duration: 6 });
          void client.invalidateQueries({ queryKey: ['notifications', 'inbox'] });
        }
      } catch {
        /* a malformed message changes nothing */
      }
    });
    return () => source.close();
  }, [client, notification]);

  const count = unread.data?.unread ?? 0;
  return (
    <Badge count={count} overflowCount={99} size="small">
      <Button
        type="text"
        icon={<BellOutlined style={{ fontSize: 18 }} />}
        aria-label={count ? `通知（${count} 条未读）` : '通知'}
        onClick={() => void navigate('/workspace/notifications')}
      />
    </Badge>
  );
}
