import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onUnauthorized } from '../api/client';
import * as ep from '../api/endpoints';
import type { User } from '../api/types';
import { initialSession } from '../boot';

interface AuthState {
  /** undefined while the session is being checked, null when logged out. */
  user: User | null | undefined;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** Reads the signed-in user again (after a password change). */
  refresh: () => Promise<void>;
  /** Right after a login: the login before it, shown once by the layout, then cleared. */
  lastLogin: User['lastLogin'] | undefined;
  clearLastLogin: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [lastLogin, setLastLogin] = useState<User['lastLogin'] | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    void initialSession().then((u) => alive && setUser(u));
    const off = onUnauthorized(() => {
      ep.clearCaches();
      setUser(null);
    });
    return () => {
      alive = false;
      off();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await ep.login(username, password);
    ep.clearCaches();
    // the full user, with the login before this one, which the layout shows once
    const u = await ep.me();
    setLastLogin(u.lastLogin);
    setUser(u);
    return u;
  }, []);

  const refresh = useCallback(async () => {
    ep.clearCaches();
    setUser(await ep.me());
  }, []);
  const clearLastLogin = useCallback(() => setLastLogin(undefined), []);

  const logout = useCallback(async () => {
    try {
      await ep.logout();
    } finally {
      ep.clearCaches();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, login, logout, refresh, lastLogin, clearLastLogin }), [user, login, logout, refresh, lastLogin, clearLastLogin]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user inside guarded routes. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser outside a guarded route');
  return user;
}
