import { Navigate, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { useAuth } from './AuthContext';
import { FullPageSpin } from '../components/FullPageSpin';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <FullPageSpin />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // a password an admin set is changed first (the API answers nothing else until then)
  if (user.mustChangePassword) return <Navigate to="/password" replace />;
  return <>{children}</>;
}
