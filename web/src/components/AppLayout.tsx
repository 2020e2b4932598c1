import { Button, Layout, Menu, Tag, Tooltip, App as AntApp } from 'antd';
import { BellOutlined, CheckSquareOutlined, EnvironmentOutlined, LogoutOutlined, TrophyOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { Suspense, useEffect, useState } from 'react';
import { Badge } from 'antd';
import { getNotifications } from '../api/endpoints';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, useUser } from '../auth/AuthContext';
import { LangSwitch } from './LangSwitch';
import { FullPageSpin } from './FullPageSpin';
import { Logo } from './Logo';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = AntApp.useApp();

  const selected = location.pathname.startsWith('/cases')
    ? '/cases'
    : location.pathname.startsWith('/index')
      ? '/index'
      : location.pathname.startsWith('/todo')
        ? '/todo'
        : '/map';
  // unread notifications, refreshed on every page change and each minute
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () => getNotifications(true).then((r) => alive && setUnread(r.unread), () => undefined);
    load();
    const timer = setInterval(load, 60_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [location.pathname]);

  return (
    <Layout className="app-frame">
      <Header className="app-header">
        <div className="app-brand" onClick={() => navigate('/map')} role="link" tabIndex={0}>
          <Logo size={26} />
          <span className="app-brand-name">{t('app.name')}</span>
          <span className="app-brand-sep">·</span>
          <span className="app-brand-full">{t('app.fullName')}</span>
        </div>
        <div className="app-header-right">
          <div className="app-user">
            <UserOutlined />
            <span className="app-user-name">{user.displayName}</span>
            <Tag color="blue" variant="solid" style={{ marginInlineEnd: 0 }}>
              {t(`role.${user.role}`)}
            </Tag>
            <Tooltip title={t('app.jurisdiction')}>
              <span className="app-user-div">
                <EnvironmentOutlined /> {user.divisionName}
                {user.department ? ` · ${user.department}` : ''}
              </span>
            </Tooltip>
          </div>
          <Tooltip title={t('todo.notifications')}>
            <Badge count={unread} size="small" offset={[-4, 4]}>
              <Button type="text" className="app-logout" icon={<BellOutlined />} aria-label={t('todo.notifications')} data-testid="notification-bell" onClick={() => navigate('/todo')} />
            </Badge>
          </Tooltip>
          <LangSwitch />
          <Button
            size="small"
            type="text"
            className="app-logout"
            icon={<LogoutOutlined />}
            onClick={async () => {
              await logout().catch(() => undefined);
              message.success(t('app.loggedOut'));
              navigate('/login', { replace: true });
            }}
          >
            {t('app.logout')}
          </Button>
        </div>
      </Header>
      <Layout>
        <Sider width={148} theme="light" className="app-sider" breakpoint="lg" collapsedWidth={56}>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            onClick={(e) => navigate(e.key)}
            items={[
              { key: '/map', icon: <EnvironmentOutlined />, label: t('menu.map') },
              { key: '/todo', icon: <CheckSquareOutlined />, label: t('menu.todo') },
              { key: '/cases', icon: <UnorderedListOutlined />, label: t('menu.cases') },
              { key: '/index', icon: <TrophyOutlined />, label: t('index.menu') },
            ]}
          />
        </Sider>
        <Content className="app-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
