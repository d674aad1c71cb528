import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { apiClient } from '../auth/api.js';
import { artefactApi, formatSize, uploadBody } from './api.js';
import { describeLeaf } from './artefact-detail-page.js';

describe('artefact API client', () => {
  it('sends writes with the session cookie and the CSRF header, and shows the server’s error', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(
        JSON.stringify({ error: { code: 'forbidden', message: 'Only users of Org A may.' } }),
        { status: 403 },
      );
    }) as unknown as typeof fetch;
    const api = artefactApi(apiClient(fetcher, () => 'jaga_csrf=token-1'));
    await expect(api.changeSharing('a b', { tlp: 'RED' })).rejects.toThrow(
      'Only users of Org A may.',
    );
    const [call] = calls;
    expect(call?.url).toBe('/api/v1/artefacts/a%20b');
    expect(call?.init.credentials).toBe('include');
    const headers = (call?.init.headers ?? {}) as Record<string, string>;
    expect(call?.init.method).toBe('PATCH');
    expect(headers['x-csrf-token']).toBe('token-1');
    expect(headers['content-type']).toBe('application/json');
    expect(call?.init.body).toBe('{"tlp":"RED"}');
  });

  it('puts the fields before the file in an upload, and repeats list fields', () => {
    const file = new File(['bytes'], 'chat.txt', { type: 'text/plain' });
    const body = uploadBody({
      file,
      tlp: 'RED',
      title: '  ',
      legalBasis: 'Order 7',
      groups: ['g1', 'g2'],
      recipients: ['x@agency.example'],
    });
    expect([...body.keys()]).toEqual([
      'tlp',
      'legalBasis',
      'groups',
      'groups',
      'recipients',
      'file',
    ]);
    expect(body.getAll('groups')).toEqual(['g1', 'g2']);
    expect((body.get('file') as File).name).toBe('chat.txt');
  });

  it('explains failures without a body', async () => {
    const failing = (status: number, body: string | null) =>
      artefactApi(
        apiClient(
          (async () => new Response(body, { status })) as unknown as typeof fetch,
          () => '',
        ),
      );
    const upload = (status: number, body: string | null) =>
      failing(status, body).upload({
        file: new File(['bytes'], 'chat.txt'),
        tlp: 'AMBER',
        groups: [],
        recipients: [],
      });
    await expect(failing(401, null).list()).rejects.toThrow('Sign in to see evidence artefacts.');
    await expect(upload(413, 'not json')).rejects.toThrow(
      'The file is larger than this hub accepts.',
    );
    await expect(upload(500, null)).rejects.toThrow('The server answered HTTP 500.');
  });

  it('formats sizes for people', () => {
    expect(formatSize(12)).toBe('12 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(100 * 1024 * 1024)).toBe('100.0 MB');
  });
});

describe('artefact pages', () => {
  it('describes custody leaves in words', () => {
    expect(describeLeaf({ type: 'artefact.read', at: '2026-11-22T08:00:00Z' })).toBe(
      'Content downloaded',
    );
    expect(
      describeLeaf({
        type: 'artefact.sharing-change',
        at: '2026-11-22T08:00:00Z',
        details: { fromTlp: 'AMBER', tlp: 'RED' },
      }),
    ).toBe('Sharing changed: TLP AMBER → RED');
  });

  it('renders the list, upload and detail pages inside the shell', () => {
    const list = renderToString(<App session={SIGNED_IN} initialPath="/evidence/artefacts" />);
    expect(list).toContain('Evidence artefacts');
    expect(list).toContain('Upload evidence');
    const upload = renderToString(
      <App session={SIGNED_IN} initialPath="/evidence/artefacts/new" />,
    );
    expect(upload).toContain('Legal basis');
    expect(upload).toContain('TLP level');
    const detail = renderToString(
      <App
        session={SIGNED_IN}
        initialPath="/evidence/artefacts/0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11"
      />,
    );
    expect(detail).toContain('Loading the artefact');
  });
});
