import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { apiClient } from '../auth/api.js';
import {
  byDeadline,
  type EvidenceRequest,
  evidenceRequestsApi,
  isoFromInput,
  requestTimeline,
} from './api.js';
import { requestDraft, type RequestFormValues, validateRequest } from './request-form-page.js';
import { DeadlineBadge } from './request-list-page.js';
import { describeRequestLeaf } from './request-page.js';

function request(over: Partial<EvidenceRequest>): EvidenceRequest {
  return {
    id: '0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
    status: 'issued',
    issuingOrganisation: { id: 'o', name: 'Police' },
    platform: { id: 'p', name: 'Job board' },
    createdBy: { id: 'u', displayName: 'Investigator' },
    tlp: 'AMBER',
    instrument: 'eu-production-order',
    instrumentLabel: 'European Production Order',
    dataCategories: ['subscriber'],
    targets: [],
    legalBasis: 'Order 7',
    issuingAuthority: 'Police',
    validatingAuthority: 'Judge',
    offence: null,
    reference: null,
    emergency: false,
    deadlines: [],
    nextDeadline: null,
    preservationExtended: false,
    cannotComplyReason: null,
    note: null,
    artefacts: [],
    timeline: {},
    actions: [],
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
    ...over,
  };
}

const clock = (due: string) => ({
  rule: 'r',
  kind: 'production',
  label: 'Produce',
  source: 'Art 10',
  hours: 8,
  due,
  live: true,
  overdue: false,
});

const VALID: RequestFormValues = {
  platformOrganisationId: 'p',
  instrument: 'eu-production-order',
  dataCategories: ['subscriber'],
  targets: [
    { selectorType: 'phone', value: ' +855 12 345 678 ', from: '2026-09-01', to: '2026-11-30' },
  ],
  legalBasis: 'Order of the investigating judge',
  issuingAuthority: 'Federal Police',
  validatingAuthority: '',
  offence: '',
  reference: 'CASE-1',
  emergency: true,
  tlp: 'AMBER',
};

describe('evidence requests', () => {
  it('lists requests by their next deadline, overdue first, those without a clock last', () => {
    const items = [
      request({ id: 'none', createdAt: '2026-12-02T00:00:00Z' }),
      request({ id: 'later', nextDeadline: clock('2026-12-20T00:00:00Z') }),
      request({ id: 'overdue', nextDeadline: clock('2026-11-20T00:00:00Z') }),
      request({ id: 'none-older', createdAt: '2026-11-01T00:00:00Z' }),
    ];
    expect(byDeadline(items).map((item) => item.id)).toEqual([
      'overdue',
      'later',
      'none',
      'none-older',
    ]);
  });

  it('shows an overdue clock in red with by how much, and a running one with what is left', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const overdue = renderToString(
      <MantineProvider>
        <DeadlineBadge due="2026-12-01T08:00:00Z" now={now} />
      </MantineProvider>,
    );
    expect(overdue).toContain('Overdue by 4 h');
    expect(overdue).toContain('data-overdue="true"');
    const running = renderToString(
      <MantineProvider>
        <DeadlineBadge due="2026-12-03T12:00:00Z" now={now} />
      </MantineProvider>,
    );
    expect(running).toContain('Due in 2 days');
  });

  it('checks each target’s selector and time range, naming the row', () => {
    expect(validateRequest(VALID)).toEqual({});
    const errors = validateRequest({
      ...VALID,
      dataCategories: [],
      targets: [
        VALID.targets[0] ?? { selectorType: 'phone', value: 'x', from: '', to: '' },
        { selectorType: 'email', value: ' ', from: '2026-10-01', to: '2026-09-01' },
      ],
      legalBasis: '',
    });
    expect(errors).toEqual({
      dataCategories: 'Choose at least one data category.',
      'targets.1.value': 'Give the selector as the provider knows it.',
      'targets.1.to': 'Must be after the start.',
      legalBasis: 'Name the order, warrant or provision the request rests on.',
    });
    expect(validateRequest({ ...VALID, targets: [] }).targets).toContain('at least one target');
  });

  it('sends dates as ISO times and empty optional fields as null', () => {
    const body = requestDraft(VALID);
    expect(body.targets).toEqual([
      {
        selectorType: 'phone',
        value: '+855 12 345 678',
        from: '2026-09-01T00:00:00.000Z',
        to: '2026-11-30T00:00:00.000Z',
      },
    ]);
    expect(body).toMatchObject({ validatingAuthority: null, offence: null, reference: 'CASE-1' });
    expect(isoFromInput('not a date')).toBeNull();
  });

  it('orders the timeline by time and words the custody leaves', () => {
    const steps = requestTimeline(
      request({
        status: 'produced',
        timeline: {
          issuedAt: '2026-12-01T10:00:00Z',
          validatedAt: '2026-12-01T09:00:00Z',
          producedAt: '2026-12-02T10:00:00Z',
          closedAt: null,
        },
      }),
    );
    expect(steps.map((step) => step.label)).toEqual([
      'Drafted',
      'Validated',
      'Issued to the provider; the clocks started',
      'Data produced',
    ]);
    expect(describeRequestLeaf({ type: 'evidence-request.attach', at: '' })).toBe(
      'Produced data attached to the request',
    );
    expect(describeRequestLeaf({ type: 'evidence-request.open-objection-window', at: '' })).toBe(
      'Request step: open objection window',
    );
    expect(describeRequestLeaf({ type: 'artefact.upload', at: '' })).toBe(
      'Uploaded; SHA-256 recorded',
    );
  });

  it('uploads produced data as multipart with the CSRF token, and shows the server’s error', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(
        JSON.stringify({ error: { code: 'conflict', message: 'Request is withdrawn.' } }),
        { status: 409 },
      );
    }) as unknown as typeof fetch;
    const api = evidenceRequestsApi(apiClient(fetcher, () => 'jaga_csrf=t9'));
    await expect(
      api.upload('r 1', {
        file: new File(['a,b'], 'subscriber.csv'),
        tlp: 'AMBER',
        groups: [],
        recipients: [],
      }),
    ).rejects.toThrow('Request is withdrawn.');
    expect(calls[0]?.url).toBe('/api/v1/evidence-requests/r%201/artefacts');
    expect(((calls[0]?.init.headers ?? {}) as Record<string, string>)['x-csrf-token']).toBe('t9');
    expect([...(calls[0]?.init.body as FormData).keys()]).toEqual(['tlp', 'file']);
  });

  it('says the file is too large when the hub refuses an upload without a message, and only then', async () => {
    const fetcher = (async () => new Response(null, { status: 413 })) as unknown as typeof fetch;
    const api = evidenceRequestsApi(apiClient(fetcher, () => ''));
    const upload = api.upload('r1', {
      file: new File(['a,b'], 'subscriber.csv'),
      tlp: 'AMBER',
      groups: [],
      recipients: [],
    });
    await expect(upload).rejects.toThrow('The file is larger than this hub accepts.');
    await expect(api.step('r1', 'issue')).rejects.toThrow('The server answered HTTP 413.');
  });

  it('renders the list, form and request pages inside the shell', () => {
    const list = renderToString(<App session={SIGNED_IN} initialPath="/evidence/requests" />);
    expect(list).toContain('Evidence requests');
    expect(list).toContain('Loading evidence requests');
    const form = renderToString(<App session={SIGNED_IN} initialPath="/evidence/requests/new" />);
    expect(form).toContain('Legal instrument');
    expect(form).toContain('Deadlines if issued now');
    expect(form).toContain('Target 1: selector');
    expect(
      renderToString(
        <App
          session={SIGNED_IN}
          initialPath="/evidence/requests/0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11"
        />,
      ),
    ).toContain('Loading the evidence request');
  });
});
