import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { type ApiClient, apiClient, type Me } from './api.js';

/** Where the app stands on who is signed in. */
export type SessionState =
  { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

interface SessionValue {
  state: SessionState;
  api: ApiClient;
  signIn(email: string, password: string, totp?: string): Promise<Me>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/**
 * Knows who is signed in (asks `GET /api/v1/me` once on load) and offers sign-in and sign-out.
 * `initial` is the state before that answer arrives (loading unless given; pages rendered
 * without effects, as in the component tests, keep it).
 *
 * @example
 * <SessionProvider><App /></SessionProvider>
 */
export function SessionProvider({
  children,
  api: given,
  initial = { status: 'loading' },
}: {
  children: ReactNode;
  api?: ApiClient;
  initial?: SessionState;
}) {
  const api = useMemo(() => given ?? apiClient(), [given]);
  const [state, setState] = useState<SessionState>(initial);

  const refresh = useCallback(async () => {
    try {
      setState({ status: 'signed-in', me: await api.get<Me>('/api/v1/me') });
    } catch {
      // 401 (no or stale session) and an unreachable server both leave the user signed out.
      setState({ status: 'signed-out' });
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string, totp?: string) => {
      const me = await api.post<Me>('/api/v1/auth/login', {
        email,
        password,
        ...(totp ? { totp } : {}),
      });
      setState({ status: 'signed-in', me });
      return me;
    },
    [api],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      setState({ status: 'signed-out' });
    }
  }, [api]);

  const value = useMemo(
    () => ({ state, api, signIn, signOut, refresh }),
    [state, api, signIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of the surrounding {@link SessionProvider}. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
