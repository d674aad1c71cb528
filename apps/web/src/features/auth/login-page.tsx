import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, needsTotp } from './api.js';
import { useSession } from './session.js';

/** Only paths inside this app are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign-in with e-mail and password, and the authenticator code when the account uses one. */
export function LoginPage() {
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password, askTotp ? totp : undefined);
      navigate(next, { replace: true });
    } catch (caught) {
      if (needsTotp(caught)) {
        setAskTotp(true);
        setError(undefined);
      } else {
        setError(caught instanceof ApiError ? caught.message : 'Sign-in failed; try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={420} mx="auto" mt="xl">
      <Title order={2}>Sign in to Jaga</Title>
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit} aria-label="Sign in">
        <Stack>
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          {askTotp && (
            <TextInput
              label="Authenticator code"
              description="The 6-digit code your authenticator app shows for Jaga"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={totp}
              onChange={(event) => setTotp(event.currentTarget.value)}
            />
          )}
          {error && (
            <Alert color="red" role="alert" data-testid="login-error">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </Paper>
      <Text size="sm" c="dimmed">
        Accounts are created by your hub's administrators. After several wrong attempts an e-mail is
        locked for a while.
      </Text>
    </Stack>
  );
}
