import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, lazy, type ReactNode, Suspense, useContext, useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { api, ApiError, onUnauthorized, type Schemas, unwrap } from './api';

export type Me = Schemas['MeDto'];

interface SessionState {
  me: Me | null;
  loading: boolean;
}

const TemporaryPasswordChange = lazy(() => import('../pages/workspace/TemporaryPasswordChange'));

const SessionContext = createContext<SessionState>({ me: null, loading: true });

export const ME_KEY = ['auth', 'me'] as const;

/** Who is signed in (GET /auth/me with the session cookie); null for a visitor. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const query = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/auth/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });

  // A signed-in page answered 401: the session expired. Back to the login page, remembering where we were.
  useEffect(
    () =>
      onUnauthorized(() => {
        client.setQueryData(ME_KEY, null);
        if (location.pathname.startsWith('/workspace')) {
          const next = location.pathname + location.search;
          navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
        }
      }),
    [client, navigate, location],
  );

  return (
    <SessionContext.Provider value={{ me: query.data ?? null, loading: query.isPending }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/**
 * Signed-in pages: a visitor goes to the login page, which brings them back here afterwards. An account still on a
 * temporary password (an administrator's reset) sees the password change instead, then the page it asked for.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return null;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) {
    return (
      <Suspense fallback={null}>
        <TemporaryPasswordChange />
      </Suspense>
    );
  }
  return <>{children}</>;
}

/** Only same-site paths inside the console are followed after login (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/workspace';
  return next;
}
