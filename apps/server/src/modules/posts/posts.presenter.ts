import type { PostRow } from './posts.repository.js';
import type { PostSummary } from './posts.schema.js';

/** The first `n` characters of a text, cut at a character boundary, with an ellipsis if cut. */
export function excerpt(text: string, n = 280): string {
  const chars = [...text];
  return chars.length <= n ? text : `${chars.slice(0, n - 1).join('')}…`;
}

/**
 * A post as lists show it.
 *
 * @example
 * reply.send({ items: rows.map(presentPostSummary) });
 */
export function presentPostSummary(row: PostRow): PostSummary {
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    url: row.url,
    excerpt: excerpt(row.text),
    language: row.language,
    location: row.location,
    country: row.country,
    postedAt: row.postedAt?.toISOString() ?? null,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    risk: row.risk,
    decision: row.decision as PostSummary['decision'],
    status: row.status,
    fingerprint: row.fingerprint,
    tlp: row.tlp,
    organisation: { id: row.organisationId, name: row.organisationName },
    isDemo: row.isDemo,
  };
}
