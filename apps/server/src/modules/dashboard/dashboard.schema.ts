import { z } from 'zod';
import { isoTime } from '../../http/schema-fragments.js';

/** Longest period the flagged-post series covers, in days. */
export const MAX_DASHBOARD_DAYS = 3 * 366;

export const dashboardQuery = z
  .object({
    from: isoTime
      .optional()
      .describe('Start of the flagged-post series; 90 days before `to` by default'),
    to: isoTime.optional().describe('End of the series (exclusive); now by default'),
    bucket: z
      .enum(['day', 'week', 'month'], { error: 'must be one of day, week, month' })
      .default('week')
      .describe('Width of each period of the series (weeks start on Monday, UTC)'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
    if (query.from && query.to) {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
      if (days > MAX_DASHBOARD_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: `the period may span at most ${MAX_DASHBOARD_DAYS} days`,
        });
      }
    }
  });
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const count = z.number().int();

export const dashboardBody = z.object({
  generatedAt: z.string(),
  notices: z
    .object({
      open: count.describe('Sent or acknowledged, not yet decided'),
      bySla: z.object({
        'on-time': count,
        'due-soon': count,
        overdue: count,
        met: count,
        missed: count,
      }),
    })
    .describe('Notices you may read (drafts excluded) by SLA status'),
  evidenceRequests: z
    .object({
      open: count,
      overdue: count,
      within24h: count,
      within7d: count,
      later: count,
      noDeadline: count.describe('Open under an instrument without a statutory clock'),
    })
    .describe('Open evidence requests you may read, by their next running clock'),
  flaggedPosts: z
    .object({
      from: z.string(),
      to: z.string(),
      bucket: z.enum(['day', 'week', 'month']),
      total: count,
      byLanguage: z.array(z.object({ period: z.string(), language: z.string(), count })),
      byCountry: z.array(
        z.object({
          period: z.string(),
          country: z.string().describe('ISO 3166-1 alpha-2 of the place in the post, or "unknown"'),
          count,
        }),
      ),
    })
    .describe(
      'Posts you may read whose screening decision is label, review or remove, by the period they were posted (first seen when the source gave no time)',
    ),
  compounds: z
    .object({
      total: count,
      byStatus: z.record(z.string(), count).describe('`unknown` when no status is recorded'),
    })
    .describe('Compounds you may read, by status'),
});
export type DashboardBody = z.infer<typeof dashboardBody>;
