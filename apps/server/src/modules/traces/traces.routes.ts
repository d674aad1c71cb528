import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { formatBytes } from '../artefacts/artefacts.upload.js';
import { requireActor } from '../auth/actor.js';
import {
  DEFAULT_MAX_TRACE_FILE_BYTES,
  listTracesQuery,
  MAX_TRACE_FILES,
  MAX_TRACE_HOPS,
  TRACE_FIELD_NAMES,
  TRACE_LIST_FIELDS,
  traceBody,
  type TraceFields,
  traceFields,
  tracePage,
  traceParams,
} from './traces.schema.js';
import {
  createTrace,
  getTrace,
  listTraces,
  type TraceDeps,
  type TraceFile,
} from './traces.service.js';

function cleanFilename(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 255);
  return clean === '' ? fallback : clean;
}

/** A list field sent repeatedly, once as a JSON array, or as comma/newline-separated text. */
function listValues(field: string, values: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new AppError('bad_request', `body/${field}: not a valid JSON array.`);
      }
      if (!Array.isArray(parsed)) {
        throw new AppError('bad_request', `body/${field}: must be a JSON array of strings.`);
      }
      out.push(...parsed);
    } else {
      out.push(
        ...trimmed
          .split(/[,\n]/)
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      );
    }
  }
  return out;
}

function checkFields(raw: Map<string, string[]>): TraceFields {
  const input: Record<string, unknown> = {};
  for (const [name, values] of raw) {
    if (TRACE_LIST_FIELDS.has(name)) input[name] = listValues(name, values);
    else if (values.length > 1) {
      throw new AppError('bad_request', `body/${name}: sent ${values.length} times; send it once.`);
    } else input[name] = values[0];
  }
  const parsed = traceFields.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      where: `body${issue.path.length ? `/${issue.path.join('/')}` : ''}`,
      message: issue.message,
    }));
    throw new AppError(
      'bad_request',
      `Invalid trace request: ${issues.map((issue) => `${issue.where}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

async function receiveTraceRequest(
  request: FastifyRequest,
  limit: number,
): Promise<{ files: TraceFile[]; fields: TraceFields }> {
  const files: TraceFile[] = [];
  const raw = new Map<string, string[]>();
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const file = part as MultipartFile;
        if (file.fieldname !== 'transfers' && file.fieldname !== 'labels') {
          file.file.resume();
          throw new AppError(
            'bad_request',
            `body/${file.fieldname}: unexpected file; send transfer CSVs as "transfers" and label files as "labels".`,
          );
        }
        const bytes = await file.toBuffer();
        files.push({
          kind: file.fieldname,
          filename: cleanFilename(file.filename, `${file.fieldname}-${files.length + 1}.csv`),
          bytes,
        });
        continue;
      }
      const field = part as MultipartValue;
      if (!(TRACE_FIELD_NAMES as readonly string[]).includes(field.fieldname)) {
        throw new AppError(
          'bad_request',
          `body/${field.fieldname}: unknown field; a trace takes the files transfers and labels and the fields ${TRACE_FIELD_NAMES.join(', ')}.`,
        );
      }
      if (field.valueTruncated) {
        throw new AppError('bad_request', `body/${field.fieldname}: too long.`);
      }
      const values = raw.get(field.fieldname) ?? [];
      values.push(String(field.value));
      raw.set(field.fieldname, values);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'payload_too_large',
        `A file is larger than this node's limit of ${formatBytes(limit)} per trace file; nothing was stored. Split the export or trace on the command line (jaga trace).`,
      );
    }
    if (code === 'FST_FILES_LIMIT') {
      throw new AppError('bad_request', `body: at most ${MAX_TRACE_FILES} files per trace.`);
    }
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('bad_request', 'body: too many form fields in one trace request.');
    }
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      throw new AppError(
        'bad_request',
        'Send the trace as multipart/form-data with transfer files named "transfers" and the fields from and tlp.',
      );
    }
    throw error;
  }
  return { files, fields: checkFields(raw) };
}

/**
 * `/api/v1/traces`: follow the money over uploaded transfer exports on the hub. The report is
 * stored as two artefacts (so the custody log records it) and the trace shares like any record.
 */
export const traceRoutes: FastifyPluginAsyncZod<
  Omit<TraceDeps, 'maxTraceFileBytes'> & { maxTraceFileBytes?: number | undefined }
> = async (app, options) => {
  const deps: TraceDeps = {
    ...options,
    // A trace file is never larger than what the node accepts as an upload.
    maxTraceFileBytes:
      options.maxTraceFileBytes ?? Math.min(DEFAULT_MAX_TRACE_FILE_BYTES, options.maxUploadBytes),
  };
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: deps.maxTraceFileBytes,
      files: MAX_TRACE_FILES,
      fields: 200,
      parts: 200 + MAX_TRACE_FILES,
      fieldSize: 1024 * 1024,
    },
  });

  app.post(
    '/api/v1/traces',
    {
      schema: {
        tags: ['traces'],
        summary: 'Run a trace over uploaded transfer files and store its report as artefacts',
        description: `multipart/form-data. Files: one or more \`transfers\` (canonical CSV, Etherscan-style account export or TRON TRC-20 export) and optional \`labels\` (GraphSense TagPack/ActorPack YAML, Etherscan label JSON, label CSV); at most ${MAX_TRACE_FILES} files of ${formatBytes(deps.maxTraceFileBytes)} each (larger answers 413). Fields: \`from\` (seed addresses or transaction hashes; repeat, comma-separate or send a JSON array), \`model\` (haircut by default, fifo, lifo, poison, clean-first, dirty-first), \`maxHops\` (1 to ${MAX_TRACE_HOPS}, default 5), \`since\` (ISO 8601 or unix seconds), \`stopAt\` (label categories; default exchange and every service), \`tlp\` (required), \`groups\`, \`recipients\`. Rows the importers reject are listed with file and line in \`input.rejected\`, never skipped silently. The report (JSON) and its per-hop arithmetic (CSV) are stored as artefacts with the trace's sharing, and a \`trace.run\` custody leaf binds them to the SHA-256 of every input file.`,
        consumes: ['multipart/form-data'],
        response: { 201: traceBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { files, fields } = await receiveTraceRequest(request, deps.maxTraceFileBytes);
      const created = await createTrace(deps, actor, files, fields);
      return reply.status(201).header('location', `/api/v1/traces/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/traces',
    {
      schema: {
        tags: ['traces'],
        summary: 'The traces you may read, newest first, a page at a time',
        description:
          'Each item is the list view of a trace (chain, asset, model, seeds, endpoints reached and totals); `GET /api/v1/traces/{id}` gives the whole summary and its report artefacts. Traces you may not read are never listed.',
        querystring: listTracesQuery,
        response: { 200: tracePage },
      },
    },
    async (request) => listTraces(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/traces/:id',
    {
      schema: {
        tags: ['traces'],
        summary: 'A trace’s summary and report artefacts (404 when unknown or not yours to read)',
        params: traceParams,
        response: { 200: traceBody },
      },
    },
    async (request) => getTrace(deps, requireActor(request), request.params.id),
  );
};
