import { useState, type FormEvent } from 'react';
import type { User } from '../../../src/api/types';
import { changePassword, isNetworkError, login, me } from '../api';
import { passwordProblems, PASSWORD_RULES_TEXT } from '../../../../shared/password-policy';

export default function Login({ message, onLogin }: { message: string | null; onLogin: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // a password an admin set: changed here before the app opens (the server answers nothing else until then)
  const [mustChange, setMustChange] = useState(false);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');

  async function submitChange(e: FormEvent) {
    e.preventDefault();
    const problems = passwordProblems(next, username.trim());
    if (problems.length) return setError(problems.map((p) => p.message).join(';'));
    if (next !== repeat) return setError('两次输入的新密码不一致');
    setBusy(true);
    setError(null);
    try {
      await changePassword(password, next);
      onLogin(await me());
    } catch (err) {
      setError(isNetworkError(err) ? '网络不可用，请联网后再试' : (err as Error).message || '修改失败');
    } finally {
      setBusy(false);
    }
  }

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
      if (r.user.mustChangePassword) setMustChange(true);
      else onLogin(await me());
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
      {mustChange ? (
        <form className="login-form" onSubmit={submitChange} noValidate data-testid="m-password">
          <div className="notice">您的密码由管理员设置，请先修改密码。</div>
          <label className="field">
            <span>新密码</span>
            <input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <label className="field">
            <span>再次输入新密码</span>
            <input id="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </label>
          <p className="hint">{PASSWORD_RULES_TEXT}</p>
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
          <button className="btn primary block" type="submit" disabled={busy}>
            {busy ? '提交中…' : '修改密码并进入'}
          </button>
        </form>
      ) : (
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
      )}
    </div>
  );
}
