import { z } from 'zod';
import {
  choice,
  isoTime,
  nextCursor,
  pageCursor,
  pageLimit,
  text,
} from '../../http/schema-fragments.js';
import { TLP_LEVELS } from '../sharing/tlp.js';

/** Where a notice is on its way from the notifier to the platform's final decision. */
export const NOTICE_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'decided',
  'appealed',
  'closed',
] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** How a notice stands against its platform's response-time standard. */
export const SLA_STATUSES = [
  'not-sent',
  'on-time',
  'due-soon',
  'overdue',
  'met',
  'missed',
] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

/** Categories of the DSA Transparency Database (Art 24(5)), spelled as it spells them. */
export const NOTICE_CATEGORIES = [
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_VIOLENCE',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  'STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR',
  'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
] as const;

/** Keywords of the DSA Transparency Database that matter to scam-centre trafficking. */
export const NOTICE_KEYWORDS = [
  'KEYWORD_HUMAN_TRAFFICKING',
  'KEYWORD_PHISHING',
  'KEYWORD_INAUTHENTIC_ACCOUNTS',
  'KEYWORD_IMPERSONATION_OR_ACCOUNT_HIJACKING',
  'KEYWORD_OTHER',
] as const;

/** Restrictions of visibility (DSA Art 17(1)(a); Transparency Database `decision_visibility`). */
export const DECISION_VISIBILITY = [
  'removed',
  'disabled',
  'demoted',
  'age-restricted',
  'interaction-restricted',
  'labelled',
  'other',
] as const;

/** Outcomes counted in reports: the strongest restriction of a decision, or `no-action`. */
export const OUTCOMES = [
  ...DECISION_VISIBILITY,
  'account-terminated',
  'account-suspended',
  'provision-restricted',
  'monetary-restricted',
  'no-action',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const url = z
  .url({
    protocol: /^https?$/,
    error: 'must be an exact http(s) URL such as https://example.com/post/123',
  })
  .max(2048, 'must be at most 2048 characters');

export const noticeTlp = choice(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const);

/** The DSA Art 16 content of a notice, as the notifier writes it. */
const noticeFields = {
  platformOrganisationId: z
    .uuid({
      error: 'must be the id of a platform organisation (a UUID); see GET /api/v1/platforms',
    })
    .describe('The platform organisation the notice is addressed to'),
  category: choice(NOTICE_CATEGORIES).describe(
    'DSA Transparency Database category, e.g. STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  ),
  keywords: z
    .array(choice(NOTICE_KEYWORDS))
    .max(NOTICE_KEYWORDS.length)
    .describe('e.g. KEYWORD_HUMAN_TRAFFICKING for a recruitment post into a scam compound'),
  urls: z
    .array(url)
    .min(1, 'give at least one exact URL of the content (DSA Art 16(2)(b))')
    .max(100, 'at most 100 URLs per notice')
    .describe('Exact URLs of the content (DSA Art 16(2)(b))'),
  postId: z
    .uuid({ error: 'must be the id of a Jaga post (a UUID)' })
    .nullable()
    .describe('The Jaga post the notice is about, if any (not checked: posts may be pruned)'),
  explanation: text(20_000).describe(
    'Substantiated explanation of why the content is illegal (DSA Art 16(2)(a))',
  ),
  notifierName: text(300).describe('Name of the notifier (DSA Art 16(2)(c))'),
  notifierEmail: z
    .email({ error: 'must be an e-mail address (DSA Art 16(2)(c))' })
    .max(320)
    .describe('E-mail of the notifier (DSA Art 16(2)(c))'),
  goodFaith: z
    .boolean({ error: 'must be true or false' })
    .describe(
      'The notifier confirms in good faith that the notice is accurate and complete (DSA Art 16(2)(d)); it must be true to send',
    ),
  tlp: noticeTlp.describe(
    'TLP 2.0 level of the notice within the hub (never RED: the platform must read it)',
  ),
};

export const createNoticeBody = z
  .object({
    ...noticeFields,
    keywords: noticeFields.keywords.default([]),
    postId: noticeFields.postId.default(null),
    goodFaith: noticeFields.goodFaith.default(false),
    tlp: noticeFields.tlp.default('AMBER'),
  })
  .strict()
  .describe('A draft notice; send it with POST /api/v1/notices/{id}/send');
export type CreateNoticeBody = z.infer<typeof createNoticeBody>;

export const updateNoticeBody = z
  .object(noticeFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' })
  .describe('Changes to a draft notice (only drafts can be changed)');
export type UpdateNoticeBody = z.infer<typeof updateNoticeBody>;

export const noticeParams = z.object({
  id: z.uuid({ error: 'must be a notice id (a UUID)' }),
});

/** The DSA Art 17 statement of reasons, as the platform gives it when it decides. */
export const decideNoticeBody = z
  .object({
    contentId: text(500).describe(
      'The platform’s own id of the content (Transparency Database `puid`)',
    ),
    visibility: z
      .array(choice(DECISION_VISIBILITY))
      .max(DECISION_VISIBILITY.length)
      .default([])
      .describe('Restrictions of visibility; empty when the content stays up'),
    monetary: choice(['suspended', 'terminated', 'other'] as const)
      .nullable()
      .default(null)
      .describe('Restriction of monetary payments'),
    provision: choice([
      'partial-suspension',
      'total-suspension',
      'partial-termination',
      'total-termination',
    ] as const)
      .nullable()
      .default(null)
      .describe('Restriction of the provision of the service'),
    account: choice(['suspended', 'terminated'] as const)
      .nullable()
      .default(null)
      .describe('Restriction of the account'),
    endDate: isoTime
      .nullable()
      .default(null)
      .describe('When the restriction ends; null if indefinite'),
    ground: choice(['illegal-content', 'incompatible-content'] as const)
      .nullable()
      .default(null)
      .describe(
        'Illegal content (with its legal ground) or incompatible with the terms and conditions (with the clause); required unless no action is taken',
      ),
    groundReference: text(2000)
      .nullable()
      .default(null)
      .describe('The law provision or terms-and-conditions clause relied on'),
    groundExplanation: text(20_000)
      .nullable()
      .default(null)
      .describe('Why the content is illegal or incompatible under that ground'),
    facts: text(20_000).describe('Facts and circumstances relied on (DSA Art 17(3)(b))'),
    automatedDetection: z
      .boolean({ error: 'must be true or false' })
      .describe('Whether the content was detected by automated means'),
    automatedDecision: choice(['fully', 'partially', 'not-automated'] as const).describe(
      'Whether the decision was taken by automated means (DSA Art 17(3)(c))',
    ),
    territorialScope: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE'))
      .min(1, 'name at least one country where the decision applies')
      .max(250)
      .describe('ISO 3166-1 alpha-2 codes where the restriction applies'),
    redress: text(2000)
      .nullable()
      .default(null)
      .describe('Redress available to the recipient of the service (DSA Art 17(3)(f))'),
  })
  .strict()
  .superRefine((body, ctx) => {
    const restricts = body.visibility.length > 0 || body.monetary || body.provision || body.account;
    if (!restricts) return;
    if (!body.ground) {
      ctx.addIssue({
        code: 'custom',
        path: ['ground'],
        message: 'a restriction needs its ground: illegal-content or incompatible-content',
      });
    }
    if (!body.groundReference) {
      ctx.addIssue({
        code: 'custom',
        path: ['groundReference'],
        message: 'a restriction needs the law provision or terms clause it relies on',
      });
    }
  })
  .describe('The platform’s decision: a DSA Art 17 statement of reasons');
export type DecideNoticeBody = z.infer<typeof decideNoticeBody>;

export const appealNoticeBody = z
  .object({
    reason: text(20_000).describe('Why the decision should be reviewed (DSA Art 20 complaint)'),
  })
  .strict();
export type AppealNoticeBody = z.infer<typeof appealNoticeBody>;

export const closeNoticeBody = z
  .object({
    appealOutcome: choice(['upheld', 'reversed'] as const)
      .optional()
      .describe('Required when closing an appealed notice: was the decision upheld or reversed?'),
    note: text(5000).optional(),
  })
  .strict();
export type CloseNoticeBody = z.infer<typeof closeNoticeBody>;

/** The body of an action that takes none: nothing, `null` or `{}`. */
export const emptyBody = z.object({}).strict().nullish();

export const listNoticesQuery = z
  .object({
    limit: pageLimit,
    cursor: pageCursor,
    status: choice(NOTICE_STATUSES).optional(),
    sla: choice(SLA_STATUSES)
      .optional()
      .describe(
        '`overdue`: open and past due; `due-soon`: open with less than a quarter of its response time left; `on-time`: open with more; `met`/`missed`: decided by/after its due time; `not-sent`: drafts',
      ),
    platform: z.uuid({ error: 'must be a platform organisation id (a UUID)' }).optional(),
    direction: choice(['sent', 'received'] as const)
      .optional()
      .describe('`sent`: notices of your organisation; `received`: notices addressed to it'),
    sort: choice(['newest', 'due'] as const)
      .default('newest')
      .describe(
        '`newest` (default): by creation, newest first; `due`: sent notices only, earliest due first (the most overdue on top)',
      ),
  })
  .strict();
export type ListNoticesQuery = z.infer<typeof listNoticesQuery>;

const ref = z.object({ id: z.uuid(), name: z.string() });

export const noticeBody = z
  .object({
    id: z.uuid(),
    status: z.enum(NOTICE_STATUSES),
    notifierOrganisation: ref,
    platform: ref,
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    tlp: z.enum(TLP_LEVELS),
    category: z.string(),
    keywords: z.array(z.string()),
    urls: z.array(z.string()),
    postId: z.uuid().nullable(),
    explanation: z.string(),
    notifierName: z.string(),
    notifierEmail: z.string(),
    goodFaith: z.boolean(),
    trustedFlagger: z
      .boolean()
      .describe('Sent by a trusted flagger (DSA Art 22): priority standard'),
    sla: z.object({
      status: z.enum(SLA_STATUSES),
      standardHours: z.number().int().nullable().describe('Response time applied at send'),
      dueAt: z.string().nullable(),
      hoursLeft: z
        .number()
        .nullable()
        .describe('Hours until due (negative: overdue by that much); null once decided or unsent'),
      hoursToAction: z.number().nullable().describe('From send to decision, once decided'),
    }),
    sentAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    decision: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The statement of reasons as given (see the decide action)'),
    appealedAt: z.string().nullable(),
    appeal: z.record(z.string(), z.unknown()).nullable(),
    closedAt: z.string().nullable(),
    closing: z.record(z.string(), z.unknown()).nullable(),
    actions: z
      .array(z.enum(['edit', 'delete', 'send', 'acknowledge', 'decide', 'appeal', 'close']))
      .describe('What you may do with it now'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A notice to a platform');
export type NoticeBody = z.infer<typeof noticeBody>;

export const noticePage = z.object({
  items: z.array(noticeBody),
  total: z.number().int().describe('Notices you may read that match the filters'),
  nextCursor,
});

export const webhookDeliveries = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      url: z.string(),
      attemptedAt: z.string(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      ok: z.boolean(),
    }),
  ),
});

export const noticeWithDelivery = noticeBody.extend({
  webhook: z
    .object({
      ok: z.boolean(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
    })
    .nullable()
    .describe('The push to the platform’s webhook on send, if it has one'),
});

/** Jaga's response-time standard for a platform that has not set its own, in hours. */
export const DEFAULT_RESPONSE_HOURS = 24;
/** Jaga's default priority standard for trusted flaggers' notices, in hours. */
export const DEFAULT_TRUSTED_FLAGGER_HOURS = 12;

const hours = z
  .number({ error: 'must be a number of hours' })
  .int('must be a whole number of hours')
  .min(1, 'must be at least 1 hour')
  .max(8760, 'must be at most 8760 hours (a year)');

export const platformParams = z.object({
  id: z.uuid({ error: 'must be an organisation id (a UUID)' }),
});

export const platformSettingsBody = z
  .object({
    responseHours: hours.describe('Hours a platform has to decide a notice'),
    trustedFlaggerHours: hours.describe(
      'Hours for notices from trusted flaggers (priority, DSA Art 22); at most responseHours',
    ),
    webhookUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, or null for none' })
      .max(2048)
      .nullable()
      .describe('Receives a JSON POST for each notice sent to the platform'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.trustedFlaggerHours > body.responseHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['trustedFlaggerHours'],
        message: `must be at most responseHours (${body.responseHours}): trusted flaggers get priority`,
      });
    }
  });
export type PlatformSettingsBody = z.infer<typeof platformSettingsBody>;

export const platformBody = z.object({
  id: z.uuid(),
  name: z.string(),
  country: z.string(),
  responseHours: z.number().int(),
  trustedFlaggerHours: z.number().int(),
  webhookUrl: z.string().nullable().describe('Shown to administrators and the platform only'),
  isDefault: z.boolean().describe('True when the platform has not set its own standard'),
});
export const platformList = z.object({ items: z.array(platformBody) });

const isoDate = z.iso.date({ error: 'must be a date such as 2026-01-31' });

export const trustedFlaggerBody = z
  .object({
    awardedOn: isoDate.describe('When the Digital Services Coordinator awarded the status'),
    awardedBy: text(300).describe('The awarding Digital Services Coordinator'),
    revokedOn: isoDate.nullable().default(null).describe('When the status was revoked, if it was'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.revokedOn && body.revokedOn < body.awardedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['revokedOn'],
        message: 'must not be before awardedOn',
      });
    }
  });
export type TrustedFlaggerBody = z.infer<typeof trustedFlaggerBody>;

export const trustedFlaggerEntry = z.object({
  organisation: ref,
  awardedOn: z.string(),
  awardedBy: z.string(),
  revokedOn: z.string().nullable(),
  active: z.boolean(),
});
export const trustedFlaggerList = z.object({ items: z.array(trustedFlaggerEntry) });

export const transparencyQuery = z
  .object({
    platform: z.uuid({ error: 'must be a platform organisation id (a UUID)' }),
    from: isoTime.describe('Start of the period (inclusive), by send time'),
    to: isoTime.describe('End of the period (exclusive)'),
    format: choice(['json', 'csv'] as const).default('json'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (Date.parse(query.to) <= Date.parse(query.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
  });
export type TransparencyQuery = z.infer<typeof transparencyQuery>;

export const transparencyReport = z.object({
  platform: ref,
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  notices: z.number().int().describe('Notices sent in the period that you may read'),
  fromTrustedFlaggers: z.number().int(),
  decided: z.number().int(),
  pending: z.number().int(),
  byOutcome: z
    .record(z.string(), z.number().int())
    .describe('Decided notices by outcome, plus `pending`'),
  byCategory: z.record(z.string(), z.number().int()),
  hoursToAction: z
    .object({
      median: z.number().nullable(),
      p90: z.number().nullable(),
      method: z.string(),
    })
    .describe('From send to decision, over decided notices'),
  overdue: z.number().int().describe('Decided after their due time, or still open past it'),
  overdueShare: z.number().nullable().describe('overdue / notices; null when there are none'),
  automatedDecisions: z.number().int(),
  appealed: z.number().int(),
  reversed: z.number().int(),
});
export type TransparencyReport = z.infer<typeof transparencyReport>;

export const trustedFlaggerReportQuery = z
  .object({
    year: z.coerce
      .number({ error: 'must be a year such as 2026' })
      .int('must be a year such as 2026')
      .min(2000, 'must be 2000 or later')
      .max(2100, 'must be 2100 or earlier'),
  })
  .strict();

export const trustedFlaggerReport = z.object({
  organisation: ref,
  year: z.number().int(),
  status: trustedFlaggerEntry.nullable().describe('Trusted-flagger status, if any was awarded'),
  notices: z.number().int().describe('Notices your organisation sent in the year'),
  byPlatform: z.array(
    z.object({
      platform: ref,
      notices: z.number().int(),
      decided: z.number().int(),
      byOutcome: z.record(z.string(), z.number().int()),
      medianHoursToAction: z.number().nullable(),
    }),
  ),
  byCategory: z.record(z.string(), z.number().int()),
  byOutcome: z.record(z.string(), z.number().int()),
});
export type TrustedFlaggerReport = z.infer<typeof trustedFlaggerReport>;
