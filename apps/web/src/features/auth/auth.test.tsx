import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { type ApiClient, ApiError, apiClient, needsTotp, readCsrf } from './api.js';
import { SIGNED_IN } from './signed-in.js';
import { safeNext } from './login-page.js';

function recordingFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

describe('auth API client', () => {
  it('sends the CSRF token from the cookie on writes only, always with credentials', async () => {
    const { calls, fetcher } = recordingFetch(200, { ok: true });
    const api = apiClient(fetcher, () => 'theme=dark; jaga_csrf=tok%3D');
    await api.get('/api/v1/me');
    await api.post('/api/v1/users', { email: 'a@b.example' });
    const [get, post] = calls;
    expect(get?.init.credentials).toBe('include');
    expect(((get?.init.headers ?? {}) as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(post?.init.credentials).toBe('include');
    expect(((post?.init.headers ?? {}) as Record<string, string>)['x-csrf-token']).toBe('tok=');
    expect(post?.init.body).toBe('{"email":"a@b.example"}');
    expect(readCsrf('other=1')).toBeUndefined();
  });

  it("shows the server's message, and knows when the authenticator code is asked for", async () => {
    const { fetcher } = recordingFetch(401, {
      error: {
        code: 'unauthenticated',
        message: 'Send the code.',
        details: { totpRequired: true },
      },
    });
    const error = await apiClient(fetcher, () => '')
      .post('/api/v1/auth/login', {})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Send the code.');
    expect(needsTotp(error)).toBe(true);
    expect(needsTotp(new ApiError(401, 'Wrong e-mail, password or code.'))).toBe(false);
  });

  it('sends a FormData as multipart, leaving the content type (and boundary) to the browser', async () => {
    const { calls, fetcher } = recordingFetch(201, { id: 'a1' });
    const form = new FormData();
    form.append('tlp', 'AMBER');
    form.append('file', new File(['bytes'], 'chat.txt'));
    await apiClient(fetcher, () => 'jaga_csrf=tok').post('/api/v1/artefacts', form);
    const headers = (calls[0]?.init.headers ?? {}) as Record<string, string>;
    expect(calls[0]?.init.body).toBe(form);
    expect(headers['content-type']).toBeUndefined();
    expect(headers['x-csrf-token']).toBe('tok');
    expect(headers.accept).toBe('application/json');
  });

  it('explains a status the server answers without a message, in the feature’s words', async () => {
    const bare = (status: number, body: string | null) =>
      (async () => new Response(body, { status })) as unknown as typeof fetch;
    const failure = (client: ApiClient) =>
      client.get('/api/v1/estimates').catch((caught: unknown) => (caught as ApiError).message);
    const messages = { 401: 'Sign in to see estimates.', 413: 'The file is too large.' };
    expect(await failure(apiClient(bare(401, null), () => '').withMessages(messages))).toBe(
      'Sign in to see estimates.',
    );
    expect(await failure(apiClient(bare(413, '<html>'), () => '').withMessages(messages))).toBe(
      'The file is too large.',
    );
    // The server's own words come first; statuses without a feature message keep the plain one.
    const worded = bare(401, JSON.stringify({ error: { message: 'Session expired.' } }));
    expect(await failure(apiClient(worded, () => '').withMessages(messages))).toBe(
      'Session expired.',
    );
    expect(await failure(apiClient(bare(401, null), () => ''))).toBe(
      'The server answered HTTP 401.',
    );
    const layered = apiClient(bare(500, null), () => '')
      .withMessages(messages)
      .withMessages({ 500: 'The hub failed.' });
    expect(await failure(layered)).toBe('The hub failed.');
  });

  it('says the server cannot be reached instead of a raw network error', async () => {
    const fetcher = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(apiClient(fetcher, () => '').get('/api/v1/me')).rejects.toThrow(
      /Cannot reach the Jaga server/,
    );
  });

  it('follows only paths of this app after sign-in', () => {
    expect(safeNext('/admin/users')).toBe('/admin/users');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('sign-in and administration pages', () => {
  it('renders the sign-in form inside the shell', () => {
    const html = renderToString(<App initialPath="/login" />);
    expect(html).toContain('Sign in to Jaga');
    expect(html).toContain('type="password"');
    expect(html).toContain('Main navigation');
  });

  it('does not render administration pages before the session is known', () => {
    const html = renderToString(<App initialPath="/admin/users" />);
    expect(html).toContain('Checking your session');
    expect(html).not.toContain('data-testid="users"');
  });

  it('renders no page of records, and so asks the API for none, before the session is known', () => {
    const waiting = renderToString(<App initialPath="/evidence/artefacts" />);
    expect(waiting).toContain('Checking your session');
    expect(waiting).not.toContain('Evidence artefacts');
    const signedIn = renderToString(<App session={SIGNED_IN} initialPath="/evidence/artefacts" />);
    expect(signedIn).not.toContain('Checking your session');
    expect(signedIn).toContain('Evidence artefacts');
  });
});
