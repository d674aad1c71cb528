import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { custodyTrail, UPLOAD_FIELD_NAMES } from '../artefacts/artefacts.schema.js';
import { requireStore } from '../artefacts/artefacts.service.js';
import { formatBytes, receiveUpload } from '../artefacts/artefacts.upload.js';
import { requireActor } from '../auth/actor.js';
import {
  computeDeadlines,
  DATA_CATEGORIES,
  DEADLINE_RULES,
  INSTRUMENT_LABELS,
  INSTRUMENTS,
} from './deadlines.js';
import {
  cannotComplyBody,
  createRequestBody,
  instrumentList,
  listRequestsQuery,
  noteBody,
  produceBody,
  reminderList,
  remindersQuery,
  requestBody,
  requestPage,
  requestParams,
  updateRequestBody,
} from './evidence-requests.schema.js';
import {
  attachProduction,
  cannotComply,
  createRequest,
  deleteRequest,
  type EvidenceRequestDeps,
  extendPreservation,
  getRequest,
  issueRequest,
  listRequests,
  produceRequest,
  reminders,
  requestCustodyTrail,
  simpleStep,
  updateRequest,
  validateRequest,
} from './evidence-requests.service.js';

const READERS =
  'Readable by the issuing organisation (under the sharing policy: its TLP level, sharing groups and recipients) and, once issued, by the provider it is addressed to; anyone else gets 404.';

const optionalNote = noteBody.nullish();

const previewBody = z
  .object({
    instrument: z.enum(INSTRUMENTS, {
      error: `must be one of ${INSTRUMENTS.join(', ')}`,
    }),
    dataCategories: z
      .array(z.enum(DATA_CATEGORIES, { error: `must be one of ${DATA_CATEGORIES.join(', ')}` }))
      .max(DATA_CATEGORIES.length)
      .default([]),
    emergency: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();

const previewAnswer = z.object({
  issuedAt: z.string().describe('Now: the clocks are counted as if the request were issued now'),
  deadlines: z.array(
    z.object({
      rule: z.string(),
      kind: z.string(),
      label: z.string(),
      source: z.string(),
      hours: z.number(),
      due: z.string().nullable(),
    }),
  ),
});

/**
 * `/api/v1/evidence-requests`: electronic-evidence requests with their legal clocks. Each step of
 * the status path is an explicit POST; a step not allowed in the request's status answers 409, by
 * the wrong party 403. Produced data is uploaded as artefacts into the custody log.
 */
export const evidenceRequestRoutes: FastifyPluginAsyncZod<EvidenceRequestDeps> = async (
  app,
  deps,
) => {
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: deps.maxUploadBytes,
      files: 1,
      fields: 200,
      parts: 201,
      fieldSize: 64 * 1024,
    },
  });
  const tags = ['evidence requests'];
  const url = '/api/v1/evidence-requests';

  app.get(
    `${url}/instruments`,
    {
      schema: {
        tags,
        summary: 'The instruments and the legal clocks each one starts',
        response: { 200: instrumentList },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        items: INSTRUMENTS.map((id) => ({
          id,
          label: INSTRUMENT_LABELS[id],
          clocks: DEADLINE_RULES.filter((rule) => rule.instrument === id).map((rule) => ({
            rule: rule.id,
            kind: rule.kind,
            label: rule.label,
            hours: rule.hours,
            source: rule.source,
            when: rule.when,
          })),
        })),
      };
    },
  );

  app.post(
    `${url}/deadline-preview`,
    {
      schema: {
        tags,
        summary: 'The legal clocks a request would start if issued now (nothing is stored)',
        description:
          'The same rules as a stored request: the instrument, data categories and emergency flag decide which clocks apply; `due` is counted from now, so a form can show the deadlines before the request is written.',
        body: previewBody,
        response: { 200: previewAnswer },
      },
    },
    async (request) => {
      requireActor(request);
      const issuedAt = new Date(deps.now());
      return {
        issuedAt: issuedAt.toISOString(),
        deadlines: computeDeadlines(
          {
            instrument: request.body.instrument,
            dataCategories: request.body.dataCategories,
            emergency: request.body.emergency,
            preservationExtended: false,
          },
          issuedAt,
        ),
      };
    },
  );

  app.post(
    url,
    {
      schema: {
        tags,
        summary: 'Write a draft evidence request to a provider',
        description: READERS,
        body: createRequestBody,
        response: { 201: requestBody },
      },
    },
    async (request, reply) => {
      const created = await createRequest(deps, requireActor(request), request.body);
      return reply.status(201).header('location', `${url}/${created.id}`).send(created);
    },
  );

  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'The evidence requests you may read, newest first',
        description: READERS,
        querystring: listRequestsQuery,
        response: { 200: requestPage },
      },
    },
    async (request) => listRequests(deps, requireActor(request), request.query),
  );

  app.get(
    `${url}/reminders`,
    {
      schema: {
        tags,
        summary: 'Legal clocks of open requests that are overdue or due soon',
        description:
          'Every running clock (production, objection window, end of preservation, escalation) of the open requests you may read that is past due or due within `withinHours` (72 by default), earliest first.',
        querystring: remindersQuery,
        response: { 200: reminderList },
      },
    },
    async (request) => reminders(deps, requireActor(request), request.query.withinHours),
  );

  app.get(
    `${url}/:id`,
    {
      schema: {
        tags,
        summary: 'One evidence request with its computed deadlines',
        description: READERS,
        params: requestParams,
        response: { 200: requestBody },
      },
    },
    async (request) => getRequest(deps, requireActor(request), request.params.id),
  );

  app.patch(
    `${url}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a draft request (409 once validated)',
        params: requestParams,
        body: updateRequestBody,
        response: { 200: requestBody },
      },
    },
    async (request) => updateRequest(deps, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    `${url}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a draft request (409 once validated)',
        params: requestParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteRequest(deps, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  const simple = (
    name: 'acknowledge' | 'open-objection-window' | 'preserve' | 'withdraw' | 'close',
    summary: string,
  ) =>
    app.post(
      `${url}/:id/${name}`,
      {
        schema: {
          tags,
          summary,
          params: requestParams,
          body: optionalNote,
          response: { 200: requestBody },
        },
      },
      async (request) =>
        simpleStep(deps, requireActor(request), request.params.id, name, request.body?.note),
    );

  app.post(
    `${url}/:id/validate`,
    {
      schema: {
        tags,
        summary: 'Validate a draft (issuer): checks it is complete for its instrument',
        description:
          'EU orders need `validatingAuthority`; EU production of traffic or content data and Budapest Art 29 requests need `offence`. Each missing field is named in a 400.',
        params: requestParams,
        body: z.object({}).strict().nullish(),
        response: { 200: requestBody },
      },
    },
    async (request) => validateRequest(deps, requireActor(request), request.params.id),
  );

  app.post(
    `${url}/:id/issue`,
    {
      schema: {
        tags,
        summary: 'Issue a validated request to the provider (issuer): its clocks start',
        params: requestParams,
        body: z.object({}).strict().nullish(),
        response: { 200: requestBody },
      },
    },
    async (request) => issueRequest(deps, requireActor(request), request.params.id),
  );

  simple('acknowledge', 'Confirm receipt of an issued request (provider)');
  simple(
    'open-objection-window',
    'Record that the enforcing state was notified and may object (issuer; EU production orders for traffic or content data)',
  );
  simple('preserve', 'Confirm the data is preserved (provider)');
  simple('withdraw', 'Withdraw the request (issuer)');
  simple('close', 'Close a produced, partly produced, refused or withdrawn request (issuer)');

  app.post(
    `${url}/:id/extend-preservation`,
    {
      schema: {
        tags,
        summary: 'Extend a preservation once (issuer): EPOC-PR +30 days, 2703(f) +90 days',
        params: requestParams,
        body: z.object({}).strict().nullish(),
        response: { 200: requestBody },
      },
    },
    async (request) => extendPreservation(deps, requireActor(request), request.params.id),
  );

  app.post(
    `${url}/:id/produce`,
    {
      schema: {
        tags,
        summary: 'Mark the data produced, or partly (either party; needs attached data)',
        params: requestParams,
        body: produceBody.nullish(),
        response: { 200: requestBody },
      },
    },
    async (request) =>
      produceRequest(deps, requireActor(request), request.params.id, {
        partial: request.body?.partial ?? false,
        note: request.body?.note,
      }),
  );

  app.post(
    `${url}/:id/cannot-comply`,
    {
      schema: {
        tags,
        summary: 'The provider cannot comply, with an Annex III reason (provider)',
        params: requestParams,
        body: cannotComplyBody,
        response: { 200: requestBody },
      },
    },
    async (request) => cannotComply(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    `${url}/:id/artefacts`,
    {
      schema: {
        tags,
        summary: 'Upload produced data (either party): it becomes an artefact in the custody log',
        description: `multipart/form-data as for POST /api/v1/artefacts: one file field \`file\` (at most ${formatBytes(deps.maxUploadBytes)}) and the fields ${UPLOAD_FIELD_NAMES.map((name) => `\`${name}\``).join(', ')}; \`tlp\` is required. The request's creator is added as a named recipient, so the requesting investigator can read it. The request's custody trail lists the file's leaves.`,
        consumes: ['multipart/form-data'],
        params: requestParams,
        response: { 201: requestBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await receiveUpload(request, requireStore(deps), deps.maxUploadBytes);
      const body = await attachProduction(deps, actor, request.params.id, upload);
      return reply.status(201).send(body);
    },
  );

  app.get(
    `${url}/:id/custody`,
    {
      schema: {
        tags,
        summary: 'The custody trail of a request and of the produced data you may read',
        params: requestParams,
        response: { 200: custodyTrail },
      },
    },
    async (request) => requestCustodyTrail(deps, requireActor(request), request.params.id),
  );
};
