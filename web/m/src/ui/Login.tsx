import { useState, type FormEvent } from 'react';
import type { User } from '../../../src/api/types';
import { isNetworkError, login } from '../api';

export default function Login({ message, onLogin }: { message: string | null; onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await login(username.trim(), password);
      onLogin(r.user);
    } catch (err) {
      setError(isNetworkError(err) ? '网络不可用，请联网后登录' : (err as Error).message || '登录失败');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <div className="login-brand">
        <img src="/m/icons/icon-192.png" alt="" width={64} height={64} />
        <h1>无违建巡查</h1>
        <p>平湖市违法建筑巡查上报</p>
      </div>
      <form className="login-form" onSubmit={submit} noValidate>
        {message && <div className="notice">{message}</div>}
        <label className="field">
          <span>用户名</span>
          <input id="username" name="username" autoComplete="username" autoCapitalize="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>密码</span>
          <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <button className="btn primary block" type="submit" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </div>
  );
}
