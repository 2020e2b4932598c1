import { Button, Layout, Menu, Tag, Tooltip, App as AntApp } from 'antd';
import {
  AuditOutlined,
  CalendarOutlined,
  BellOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  KeyOutlined,
  SlidersOutlined,
  LogoutOutlined,
  TeamOutlined,
  TrophyOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { FileTextOutlined } from '@ant-design/icons';
import { CloudUploadOutlined, SettingOutlined } from '@ant-design/icons';
import { NodeIndexOutlined } from '@ant-design/icons';
import { AlertOutlined } from '@ant-design/icons';
import { GlobalOutlined } from '@ant-design/icons';
import { CloudOutlined, FlagOutlined } from '@ant-design/icons';
import { ScanOutlined } from '@ant-design/icons';
import { SolutionOutlined } from '@ant-design/icons';
import { Suspense, useEffect, useState } from 'react';
import { Badge } from 'antd';
import { getNotifications } from '../api/endpoints';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, useUser } from '../auth/AuthContext';
import { fmtDateTime } from '../lib/format';
import { LangSwitch } from './LangSwitch';
import { FullPageSpin } from './FullPageSpin';
import { Logo } from './Logo';

const { Header, Sider, Content } = Layout;

type Role = 'inspector' | 'town_officer' | 'city_office' | 'department' | 'supervisor' | 'admin';
interface NavItem {
  key: string;
  icon: ReactNode;
  label: string;
  roles: readonly Role[];
}
const ALL: readonly Role[] = ['inspector', 'town_officer', 'city_office', 'department', 'supervisor', 'admin'];
const OFFICES: readonly Role[] = ['town_officer', 'city_office', 'supervisor', 'admin'];
/** The menu by role: what a role may not use is not shown (the API refuses it anyway). Order = the role's home first. */
const NAV: { key: string; icon: ReactNode; labelKey: string; roles: readonly Role[] }[] = [
  { key: '/overview', icon: <DashboardOutlined />, labelKey: 'ov.menu', roles: OFFICES },
  { key: '/todo', icon: <CheckSquareOutlined />, labelKey: 'menu.todo', roles: ['inspector', 'town_officer', 'city_office', 'department'] },
  { key: '/map', icon: <EnvironmentOutlined />, labelKey: 'menu.map', roles: ALL },
  { key: '/cases', icon: <UnorderedListOutlined />, labelKey: 'menu.cases', roles: ALL },
  { key: '/waterlogging', icon: <CloudOutlined />, labelKey: 'menu.waterlogging', roles: ['town_officer', 'city_office', 'department', 'supervisor'] },
  { key: '/patches', icon: <ScanOutlined />, labelKey: 'patches.menu', roles: ['town_officer', 'city_office', 'supervisor', 'admin'] },
  { key: '/campaigns', icon: <FlagOutlined />, labelKey: 'menu.campaigns', roles: ['town_officer', 'city_office', 'department', 'supervisor', 'admin'] },
  { key: '/index', icon: <TrophyOutlined />, labelKey: 'index.menu', roles: OFFICES },
  { key: '/reports', icon: <FileTextOutlined />, labelKey: 'report.menu', roles: OFFICES },
  { key: '/letters', icon: <SolutionOutlined />, labelKey: 'letters.menu', roles: OFFICES },
  { key: '/imports', icon: <CloudUploadOutlined />, labelKey: 'imp.menu', roles: ['town_officer', 'city_office', 'admin'] },
  { key: '/external', icon: <NodeIndexOutlined />, labelKey: 'ext.menu', roles: ['city_office', 'town_officer', 'admin', 'supervisor'] },
  // 三员分立: the audit log is the supervisor's; the administrator manages accounts and rules
  { key: '/alerts', icon: <AlertOutlined />, labelKey: 'alerts.menu', roles: ['supervisor'] },
  { key: '/alerts/report', icon: <FileTextOutlined />, labelKey: 'alerts.reportMenu', roles: ['supervisor'] },
  { key: '/audit', icon: <AuditOutlined />, labelKey: 'audit.menu', roles: ['supervisor'] },
  { key: '/admin/users', icon: <TeamOutlined />, labelKey: 'account.menu', roles: ['admin'] },
  { key: '/admin/calendar', icon: <CalendarOutlined />, labelKey: 'cal.menu', roles: ['admin'] },
  { key: '/admin/index', icon: <SlidersOutlined />, labelKey: 'idef.menu', roles: ['admin'] },
  { key: '/admin/rules', icon: <SettingOutlined />, labelKey: 'wf.rules.menu', roles: ['admin'] },
  { key: '/admin/alert-rules', icon: <AlertOutlined />, labelKey: 'alerts.rulesMenu', roles: ['admin'] },
  { key: '/admin/setup', icon: <GlobalOutlined />, labelKey: 'setup.menu', roles: ['admin'] },
];
export function navFor(role: string): typeof NAV {
  return NAV.filter((n) => n.roles.includes(role as Role));
}
/** Where a role lands after login. */
export function homeOf(role: string): string {
  return navFor(role)[0]?.key ?? '/map';
}

export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout, lastLogin, clearLastLogin } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { message, notification } = AntApp.useApp();

  // right after a login: when and from where the one before it was, so a login that was not his stands out
  useEffect(() => {
    if (lastLogin === undefined) return;
    clearLastLogin();
    notification.open({
      type: lastLogin?.failedSince ? 'warning' : 'info',
      title: lastLogin ? t('account.lastLogin', { at: fmtDateTime(lastLogin.at), address: lastLogin.address }) : t('account.firstLogin'),
      description: lastLogin?.failedSince ? t('account.lastLoginFailed', { n: lastLogin.failedSince }) : undefined,
      placement: 'bottomRight',
      duration: 8,
      className: 'last-login-notice',
    });
  }, [lastLogin, clearLastLogin, notification, t]);

  const items: NavItem[] = navFor(user.role).map((n) => ({ key: n.key, icon: n.icon, label: t(n.labelKey), roles: n.roles }));
  // the longest key that starts the path: /alerts/report is its own entry beside /alerts
  const selected = items.filter((n) => location.pathname.startsWith(n.key)).sort((x, y) => y.key.length - x.key.length)[0]?.key ?? '';
  // unread notifications, refreshed on every page change and each minute
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () =>
      getNotifications(true).then(
        (r) => alive && setUnread(r.unread),
        () => undefined,
      );
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
        <Link className="app-brand" to={homeOf(user.role)}>
          <Logo size={26} />
          <span className="app-brand-name">{t('app.name')}</span>
          <span className="app-brand-sep">·</span>
          <span className="app-brand-full">{t('app.fullName')}</span>
        </Link>
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
              <Button
                type="text"
                className="app-logout"
                icon={<BellOutlined />}
                aria-label={t('todo.notifications')}
                data-testid="notification-bell"
                onClick={() => navigate('/todo')}
              />
            </Badge>
          </Tooltip>
          <LangSwitch />
          <Tooltip title={t('account.changePassword')}>
            <Button type="text" className="app-logout" icon={<KeyOutlined />} aria-label={t('account.changePassword')} onClick={() => navigate('/password')} />
          </Tooltip>
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
            // a label too long for the menu (another language, a longer name) wraps onto a second line inside
            // the item instead of being cut with an ellipsis
            items={items.map(({ key, icon, label }) => ({
              key,
              icon,
              label: (
                <span className="app-menu-label" style={{ display: 'inline-block', maxWidth: '100%', whiteSpace: 'normal', lineHeight: 1.2, verticalAlign: 'middle' }}>
                  {label}
                </span>
              ),
            }))}
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
