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
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

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
    const r = await ep.login(username, password);
    ep.clearCaches();
    setUser(r.user);
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await ep.logout();
    } finally {
      ep.clearCaches();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
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
