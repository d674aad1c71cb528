import type { SessionState } from './session.js';

/**
 * A signed-in analyst of a demo police organisation, for rendering the pages that need a session
 * without a server (component tests).
 */
export const SIGNED_IN: SessionState = {
  status: 'signed-in',
  me: {
    user: {
      id: '6f1d3c2a-0b7e-4c1a-9d2f-3e4b5a6c7d8e',
      organisationId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      email: 'analyst@police.example',
      displayName: 'Demo analyst',
      role: 'analyst',
      totpEnabled: false,
      disabled: false,
      isDemo: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    organisation: {
      id: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      name: 'Demo police',
      type: 'law-enforcement',
      country: 'KH',
      isDemo: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    via: 'session',
    scopes: [],
  },
};
