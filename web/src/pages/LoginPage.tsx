import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { LangSwitch } from '../components/LangSwitch';
import { Logo } from '../components/Logo';
import { errorMessage } from '../lib/errors';
import { FullPageSpin } from '../components/FullPageSpin';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from !== '/login' ? from : '/';

  if (user === undefined) return <FullPageSpin />;
  if (user) return <Navigate to={target} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LangSwitch />
      </div>
      <div className="login-hero">
        <div className="login-hero-inner">
          <div className="login-hero-brand">
            <Logo size={44} />
            <div>
              <div className="login-hero-name">{t('app.name')}</div>
              <div className="login-hero-full">{t('app.fullName')}</div>
            </div>
          </div>
          <div className="login-hero-sub">{t('login.subtitle')}</div>
          <ul className="login-hero-features">
            <li>{t('login.feature1')}</li>
            <li>{t('login.feature2')}</li>
            <li>{t('login.feature3')}</li>
          </ul>
        </div>
      </div>
      <div className="login-panel">
        <div className="login-card">
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            {t('login.title')}
          </Typography.Title>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on" size="large">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 4 }}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 20, marginBottom: 0, fontSize: 12 }}>
            {t('login.demoNote')}
          </Typography.Paragraph>
        </div>
        <div className="login-footer">{t('login.footer')}</div>
      </div>
    </div>
  );
}
