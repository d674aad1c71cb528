import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from './app.js';
import { SECTIONS } from './lib/sections.js';

describe('web app shell', () => {
  it('offers every working area in the navigation', () => {
    const html = renderToString(<App initialPath="/" />);
    for (const title of [
      'Screening',
      'Intelligence',
      'Notices',
      'Evidence',
      'Money',
      'Estimates',
    ]) {
      expect(html).toContain(`>${title}<`);
    }
    expect(html).toContain('data-testid="health"');
  });

  it.each(SECTIONS.map((section) => [section.path, section] as const))(
    '%s says what will appear there instead of showing sample data',
    (path, section) => {
      const html = renderToString(<App initialPath={path} />);
      expect(html).toContain('data-testid="empty-state"');
      expect(html).toContain(section.emptyState.slice(0, 40));
    },
  );

  it('leads from the Evidence area to the artefacts pages that already work', () => {
    const html = renderToString(<App initialPath="/evidence" />);
    expect(html).toContain('href="/evidence/artefacts"');
  });

  it('answers an unknown address with a not-found page inside the shell', () => {
    const html = renderToString(<App initialPath="/no-such-page" />);
    expect(html).toContain('Page not found');
    expect(html).toContain('Main navigation');
  });
});
