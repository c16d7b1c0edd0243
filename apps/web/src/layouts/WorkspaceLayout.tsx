import { App, Button, Drawer, Layout, Menu } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';

import NotificationBell from '../components/NotificationBell';
import { PageLoading } from '../components/states';
import { api, ApiError, unwrap } from '../lib/api';
import { ROLE_LABELS } from '../lib/labels';
import { menuFor } from '../lib/menu';
import { useSession } from '../lib/session';

/** The signed-in workspace: a side menu with only what the role may use. */
export default function WorkspaceLayout() {
  const { me } = useSession();
  const location = useLocation();
  const { message } = App.useApp();
  const [drawer, setDrawer] = useState(false);
  if (!me) return null;
  const entries = menuFor(me.role, me.expert);
  const selected =
    entries
      .filter((e) => location.pathname === e.path || location.pathname.startsWith(e.path + '/'))
      .sort((a, b) => b.path.length - a.path.length)[0]?.key ?? 'home';

  const logout = async () => {
    try {
      await unwrap(api.DELETE('/auth/session'));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        message.error(err instanceof ApiError ? `${err.message}（请求编号：${err.requestId ?? '—'}）` : '退出失败');
        return;
      }
    }
    // A full page load: nothing of the signed-in user's data stays in memory after signing out.
    window.location.assign('/login');
  };

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={entries.map((e) => ({ key: e.key, label: <Link to={e.path}>{e.label}</Link> }))}
      onClick={() => setDrawer(false)}
    />
  );

  return (
    <Layout className="workspace">
      <Layout.Sider width={208} breakpoint="lg" collapsedWidth={0} trigger={null} className="workspace-sider">
        <Link to="/" className="workspace-brand">
          祖冲之攻关计划
        </Link>
        <nav aria-label="工作台菜单">{menu}</nav>
      </Layout.Sider>
      <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" title="菜单" width={240}>
        <nav aria-label="工作台菜单（移动端）">{menu}</nav>
      </Drawer>
      <Layout>
        <Layout.Header className="workspace-header">
          <Button className="menu-toggle" onClick={() => setDrawer(true)}>
            菜单
          </Button>
          <span className="workspace-user">
            {me.name} · {ROLE_LABELS[me.role]}
            {me.organisation ? ` · ${me.organisation.name}` : ''}
          </span>
          <NotificationBell />
          <Button onClick={() => void logout()}>退出登录</Button>
        </Layout.Header>
        <Layout.Content className="workspace-content">
          <main>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
