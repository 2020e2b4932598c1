import { useEffect, useState } from 'react';
import type { User } from '../../../src/api/types';
import { isNetworkError, me, onUnauthorized } from '../api';
import { startAround, stopAround } from '../around';
import { startWatch, stopWatch } from '../position';
import { rememberedUser, rememberUser } from '../session';
import { startSync, stopSync } from '../sync';
import { startTrack, stopTrack } from '../track';
import Home from './Home';
import Login from './Login';

type Auth = { state: 'checking' } | { state: 'out'; message: string | null } | { state: 'in'; user: User };

/**
 * Signed in or not. The account last signed in on this phone opens at once (also offline); the server
 * confirms the session as soon as it answers, and a 401 brings the login back — the outbox stays.
 */
export default function App() {
  const [auth, setAuth] = useState<Auth>(() => {
    const u = rememberedUser();
    return u ? { state: 'in', user: u } : { state: 'checking' };
  });

  useEffect(() => {
    let live = true;
    const check = () =>
      me().then(
        (u) => {
          if (!live) return;
          rememberUser(u);
          setAuth({ state: 'in', user: u });
        },
        (err) => {
          if (!live) return;
          if (isNetworkError(err)) setAuth((a) => (a.state === 'in' ? a : { state: 'out', message: '当前无网络，首次使用请联网登录' }));
          else {
            rememberUser(null);
            setAuth({ state: 'out', message: null });
          }
        },
      );
    void check();
    const offUnauthorized = onUnauthorized(() => {
      rememberUser(null);
      setAuth({ state: 'out', message: '登录已过期，请重新登录；未发送的上报仍保存在本机' });
    });
    // back online after an offline start: confirm the session
    window.addEventListener('online', check);
    return () => {
      live = false;
      offUnauthorized();
      window.removeEventListener('online', check);
    };
  }, []);

  const username = auth.state === 'in' ? auth.user.username : null;
  useEffect(() => {
    if (!username) return;
    startWatch();
    startAround(username);
    startSync(username);
    startTrack(username);
    return () => {
      stopTrack();
      stopSync();
      stopAround();
      stopWatch();
    };
  }, [username]);

  if (auth.state === 'checking') return <div className="splash">无违建巡查</div>;
  if (auth.state === 'out')
    return (
      <Login
        message={auth.message}
        onLogin={(u) => {
          rememberUser(u);
          setAuth({ state: 'in', user: u });
        }}
      />
    );
  return (
    <Home
      user={auth.user}
      onLogout={() => {
        rememberUser(null);
        setAuth({ state: 'out', message: null });
      }}
    />
  );
}
