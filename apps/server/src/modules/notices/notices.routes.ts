import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireAdmin } from '../auth/actor.js';
import { transparencyCsv, transparencyReport, trustedFlaggerReport } from './notices.reports.js';
import {
  appealNoticeBody,
  closeNoticeBody,
  createNoticeBody,
  decideNoticeBody,
  emptyBody,
  listNoticesQuery,
  noticeBody,
  noticePage,
  noticeParams,
  noticeWithDelivery,
  platformBody,
  platformList,
  platformParams,
  platformSettingsBody,
  transparencyQuery,
  transparencyReport as transparencyReportSchema,
  trustedFlaggerBody,
  trustedFlaggerEntry,
  trustedFlaggerList,
  trustedFlaggerReport as trustedFlaggerReportSchema,
  trustedFlaggerReportQuery,
  updateNoticeBody,
  webhookDeliveries,
} from './notices.schema.js';
import {
  acknowledgeNotice,
  appealNotice,
  closeNotice,
  createNotice,
  decideNotice,
  deleteNotice,
  getNotice,
  listNotices,
  type NoticeDeps,
  redeliverWebhook,
  sendNotice,
  updateNotice,
  webhookDeliveriesOf,
} from './notices.service.js';
import {
  platformsFor,
  setPlatformSettings,
  setTrustedFlagger,
  trustedFlaggers,
} from './notices.settings.js';

const webhookResult = z.object({
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
});

const READERS =
  'Readable by the notifier organisation (under the sharing policy: its TLP level, sharing groups and recipients) and, once sent, by the platform it is addressed to; anyone else gets 404.';

/**
 * `/api/v1/notices`: DSA Art 16 notices to platforms, their response-time standard, decisions
 * with statements of reasons, and the transparency reports. Steps are explicit POST actions; a
 * step not allowed in the notice's status answers 409, by the wrong party 403.
 */
export const noticeRoutes: FastifyPluginAsyncZod<NoticeDeps> = async (app, deps) => {
  const tags = ['notices'];

  app.post(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: 'Write a draft notice to a platform',
        description: `A draft of your organisation, not yet visible to the platform. ${READERS}`,
        body: createNoticeBody,
        response: { 201: noticeBody },
      },
    },
    async (request, reply) => {
      const created = await createNotice(deps, requireActor(request), request.body);
      return reply.status(201).header('location', `/api/v1/notices/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: 'The notices you may read, newest first, with their SLA status',
        description: `Filters combine. \`total\` counts every matching notice. ${READERS}`,
        querystring: listNoticesQuery,
        response: { 200: noticePage },
      },
    },
    async (request) => listNotices(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/notices/:id',
    {
      schema: {
        tags,
        summary: 'One notice',
        description: READERS,
        params: noticeParams,
        response: { 200: noticeBody },
      },
    },
    async (request) => getNotice(deps, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/notices/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft notice (409 once sent)',
        params: noticeParams,
        body: updateNoticeBody,
        response: { 200: noticeBody },
      },
    },
    async (request) => updateNotice(deps, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/notices/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft notice (409 once sent)',
        params: noticeParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteNotice(deps, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/notices/:id/send',
    {
      schema: {
        tags,
        summary: 'Send a draft to its platform (notifier)',
        description:
          'Needs `goodFaith: true`. Fixes the due time: the platform’s response time, or its trusted-flagger time when your organisation holds trusted-flagger status today. Then POSTs `{ "type": "notice.sent", "notice": … }` to the platform’s webhook, if it has one; the send stands whether or not the webhook answers, and `webhook` says how it went.',
        params: noticeParams,
        body: emptyBody,
        response: { 200: noticeWithDelivery },
      },
    },
    async (request) => sendNotice(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/notices/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Confirm receipt of a sent notice (platform)',
        params: noticeParams,
        body: emptyBody,
        response: { 200: noticeBody },
      },
    },
    async (request) => acknowledgeNotice(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/notices/:id/decide',
    {
      schema: {
        tags,
        summary: 'Decide a sent or acknowledged notice with a statement of reasons (platform)',
        description:
          'The DSA Art 17 statement of reasons, with the fields of the DSA Transparency Database. A restriction needs `ground` and `groundReference`; no restriction records `no-action`.',
        params: noticeParams,
        body: decideNoticeBody,
        response: { 200: noticeBody },
      },
    },
    async (request) => decideNotice(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/notices/:id/appeal',
    {
      schema: {
        tags,
        summary: 'Appeal a decision (notifier)',
        params: noticeParams,
        body: appealNoticeBody,
        response: { 200: noticeBody },
      },
    },
    async (request) => appealNotice(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/notices/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a decided or appealed notice (either party)',
        description: 'Closing an appealed notice needs `appealOutcome`: upheld or reversed.',
        params: noticeParams,
        body: closeNoticeBody.nullish(),
        response: { 200: noticeBody },
      },
    },
    async (request) =>
      closeNotice(deps, requireActor(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/v1/notices/:id/webhook-deliveries',
    {
      schema: {
        tags,
        summary: 'Every push of the notice to its platform’s webhook',
        params: noticeParams,
        response: { 200: webhookDeliveries },
      },
    },
    async (request) => webhookDeliveriesOf(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/notices/:id/webhook-deliveries',
    {
      schema: {
        tags,
        summary: 'Push a sent notice to its platform’s webhook again',
        params: noticeParams,
        body: emptyBody,
        response: { 200: webhookResult },
      },
    },
    async (request) => redeliverWebhook(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/platforms',
    {
      schema: {
        tags,
        summary: 'Platforms notices can be addressed to, with their response-time standards',
        response: { 200: platformList },
      },
    },
    async (request) => platformsFor(deps, requireActor(request)),
  );

  app.put(
    '/api/v1/platforms/:id/settings',
    {
      schema: {
        tags,
        summary: 'Set a platform’s response-time standard and webhook (administrators)',
        params: platformParams,
        body: platformSettingsBody,
        response: { 200: platformBody },
      },
    },
    async (request) =>
      setPlatformSettings(deps, requireAdmin(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/trusted-flaggers',
    {
      schema: {
        tags,
        summary: 'Organisations with DSA Art 22 trusted-flagger status, past and present',
        response: { 200: trustedFlaggerList },
      },
    },
    async (request) => {
      requireActor(request);
      return trustedFlaggers(deps);
    },
  );

  app.put(
    '/api/v1/trusted-flaggers/:id',
    {
      schema: {
        tags,
        summary: 'Record an organisation’s trusted-flagger status (administrators)',
        description:
          'As awarded by a Digital Services Coordinator; set `revokedOn` when it is revoked. Notices sent while the status is active get the platform’s trusted-flagger response time.',
        params: platformParams,
        body: trustedFlaggerBody,
        response: { 200: trustedFlaggerEntry },
      },
    },
    async (request) =>
      setTrustedFlagger(deps, requireAdmin(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/reports/transparency',
    {
      schema: {
        tags: ['notices', 'reports'],
        summary: 'Transparency report of a platform over a period (JSON or CSV)',
        description:
          'Notices sent to the platform in [from, to) that you may read: counts by outcome and category, median and p90 hours from send to decision, overdue share. Quantiles interpolate linearly between closest ranks (PostgreSQL percentile_cont). `format=csv` answers `section,key,value` rows.',
        querystring: transparencyQuery,
        response: { 200: transparencyReportSchema },
      },
    },
    async (request, reply) => {
      const report = await transparencyReport(deps, requireActor(request), request.query);
      if (request.query.format !== 'csv') return report;
      const day = (iso: string) => iso.slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="transparency-${day(report.from)}-${day(report.to)}.csv"`,
        )
        .serializer((payload: unknown) => payload as string)
        .send(transparencyCsv(report) as never);
    },
  );

  app.get(
    '/api/v1/reports/trusted-flagger',
    {
      schema: {
        tags: ['notices', 'reports'],
        summary: 'DSA Art 22(3) annual report of your organisation as a notifier',
        querystring: trustedFlaggerReportQuery,
        response: { 200: trustedFlaggerReportSchema },
      },
    },
    async (request) => trustedFlaggerReport(deps, requireActor(request), request.query.year),
  );
};
