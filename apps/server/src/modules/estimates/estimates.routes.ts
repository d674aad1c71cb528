import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import {
  createEstimateBody,
  estimateBody,
  estimatePage,
  estimateParams,
  listBody,
  listEstimatesQuery,
  listPage,
  MAX_BOOTSTRAP,
  MAX_ESTIMATE_LISTS,
  MAX_LIST_RECORDS,
  MAX_PAIR_COMPARISONS,
  uploadListBody,
} from './estimates.schema.js';
import {
  createEstimate,
  createList,
  type EstimateDeps,
  getEstimate,
  listEstimates,
  listLists,
  saveEstimateReport,
} from './estimates.service.js';

/**
 * `/api/v1/estimates`: multiple systems estimation over agencies' encoded lists. Agencies upload
 * CLKs only (the hub never receives names); lists and reports are read through the sharing policy
 * (an unreadable one is a 404, as a missing one), each upload and run appends a custody leaf, and
 * published capture-history cells respect a minimum cell size.
 */
export const estimateRoutes: FastifyPluginAsyncZod<EstimateDeps> = async (app, deps) => {
  const minimum = deps.minCellSize ?? 5;
  if (!Number.isInteger(minimum) || minimum < 1) {
    throw new Error(`minCellSize must be a whole number ≥ 1, got ${minimum}`);
  }

  app.post(
    '/api/v1/estimates/lists',
    {
      schema: {
        tags: ['estimates'],
        summary: 'Upload an encoded list (CLKs only, never names)',
        description: `The \`{"clks": […]}\` JSON that \`jaga link encode\` writes, plus \`name\`, \`tlp\` and \`groups\`. At most ${MAX_LIST_RECORDS.toLocaleString('en-US')} CLKs; anything that is not a CLK (base64 of 128 to 8,192 bits, all the same length) is refused with the position of the first bad entry.`,
        body: uploadListBody,
        response: { 201: listBody },
      },
    },
    async (request, reply) => {
      const created = await createList(deps, requireActor(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/estimates/lists',
    {
      schema: {
        tags: ['estimates'],
        summary: 'The encoded lists you may read, newest first (without their CLKs)',
        response: { 200: listPage },
      },
    },
    async (request) => listLists(deps, requireActor(request)),
  );

  app.post(
    '/api/v1/estimates',
    {
      schema: {
        tags: ['estimates'],
        summary: 'Link encoded lists and estimate the hidden total',
        description: `Links 2 to ${MAX_ESTIMATE_LISTS} lists you may read (an unknown or unreadable id answers 404) one-to-one by Dice similarity, counts the capture histories and runs log-linear multiple systems estimation. \`bootstrap\` is capped at ${MAX_BOOTSTRAP} replicates, lists at ${MAX_LIST_RECORDS.toLocaleString('en-US')} CLKs and the record pairs linked at ${(deps.maxPairComparisons ?? MAX_PAIR_COMPARISONS).toLocaleString('en-US')} so that a request's time stays bounded. Capture-history cells below ${minimum} people are shown as \`"<${minimum}"\`. The report is stored and logged.`,
        body: createEstimateBody,
        response: { 201: estimateBody },
      },
    },
    async (request, reply) => {
      const created = await createEstimate(deps, requireActor(request), request.body);
      return reply.status(201).header('location', `/api/v1/estimates/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/estimates',
    {
      schema: {
        tags: ['estimates'],
        summary: 'The estimates you may read, newest first, a page at a time',
        description:
          'Each item gives the lists, the estimate and its interval; `GET /api/v1/estimates/{id}` gives the whole report. Estimates you may not read are never listed.',
        querystring: listEstimatesQuery,
        response: { 200: estimatePage },
      },
    },
    async (request) => listEstimates(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/estimates/:id/report',
    {
      schema: {
        tags: ['estimates'],
        summary: 'Save an estimate’s report as evidence artefacts (once per estimate)',
        description:
          'Stores the report (JSON) and its published capture-history table (CSV, small cells still suppressed) as two artefacts with the estimate’s TLP level and sharing groups, each with its custody leaf, and an `estimate.report-save` leaf binding them to the estimate. Answers 201 the first time and 200 with the saved report afterwards. Only writers of the organisation that ran the estimate may save it; others get 403, and an estimate they may not read answers 404.',
        params: estimateParams,
        response: { 200: estimateBody, 201: estimateBody },
      },
    },
    async (request, reply) => {
      const { created, estimate } = await saveEstimateReport(
        deps,
        requireActor(request),
        request.params.id,
      );
      return reply.status(created ? 201 : 200).send(estimate);
    },
  );

  app.get(
    '/api/v1/estimates/:id',
    {
      schema: {
        tags: ['estimates'],
        summary: 'A stored estimate report (404 when it does not exist or you may not read it)',
        params: estimateParams,
        response: { 200: estimateBody },
      },
    },
    async (request) => getEstimate(deps, requireActor(request), request.params.id),
  );
};
