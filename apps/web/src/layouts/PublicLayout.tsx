import { Button } from 'antd';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { PageLoading } from '../components/states';
import { useSession } from '../lib/session';

/** The portal: open to everyone, readable from a 390 px phone to a desktop. */
export default function PublicLayout() {
  const { me } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <div className="portal">
      <header className="portal-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            祖
          </span>
          <span className="brand-text">
            <strong>祖冲之攻关计划</strong>
            <small>技术需求—科技成果供需对接平台</small>
          </span>
        </Link>
        <nav aria-label="主导航" className="portal-nav">
          <NavLink to="/" end>
            首页
          </NavLink>
          <NavLink to="/hall">需求大厅</NavLink>
          <NavLink to="/library">成果库</NavLink>
          <NavLink to="/calls">榜单大厅</NavLink>
        </nav>
        <div className="portal-account">
          {me ? (
            <Button type="primary" onClick={() => navigate('/workspace')}>
              进入工作台
            </Button>
          ) : pathname === '/login' ? null : (
            <Button type="primary" onClick={() => navigate('/login')}>
              登录
            </Button>
          )}
        </div>
      </header>
      <main className="portal-main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="portal-footer">
        <p>昆山市祖冲之攻关计划（2025—2027年） · 产学研融通 · 精准匹配需求成果</p>
      </footer>
    </div>
  );
}
