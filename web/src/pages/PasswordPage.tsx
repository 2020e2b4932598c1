import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { Navigate, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { FullPageSpin } from '../components/FullPageSpin';
import { Logo } from '../components/Logo';
import { errorMessage } from '../lib/errors';
import { homeOf } from '../components/AppLayout';
import { passwordProblems, PASSWORD_RULES_TEXT } from '../../../shared/password-policy';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/**
 * Change one's own password: the first screen after logging in with a password an admin set (the API answers
 * nothing else until it is changed), and reachable from the header at any time.
 */
export function PasswordPage() {
  const { t } = useTranslation();
  const { user, refresh, logout } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (user === undefined) return <FullPageSpin />;
  if (user === null) return <Navigate to="/login" replace />;

  const onFinish = async (v: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      message.success(t('account.changed'));
      await refresh();
      navigate(homeOf(user.role), { replace: true });
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="password-page">
      <div className="login-card" data-testid="password-page">
        <div className="password-brand">
          <Logo size={32} />
          <span>{t('app.name')}</span>
        </div>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('account.changeTitle')}
        </Typography.Title>
        {user.mustChangePassword && <Alert type="warning" showIcon title={t('account.mustChange')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
        <Form<PasswordForm> layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
          <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('account.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="pw-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('account.newPassword')}
            extra={t('account.passwordRules', { rules: PASSWORD_RULES_TEXT })}
            rules={[
              { required: true, message: t('account.required') },
              {
                validator: (_, v: string | undefined) => {
                  const problems = v ? passwordProblems(v, user.username) : [];
                  return problems.length ? Promise.reject(new Error(problems.map((p) => p.message).join(';'))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="pw-new" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('account.repeatPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('account.required') },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.repeatMismatch')))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="pw-repeat" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('account.changePassword')}
          </Button>
        </Form>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => (user.mustChangePassword ? logout().then(() => navigate('/login', { replace: true })) : navigate(-1))}>
          {user.mustChangePassword ? t('app.logout') : t('case.back')}
        </Button>
      </div>
    </div>
  );
}
