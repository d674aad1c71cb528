import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import {
  artefactBody,
  artefactPage,
  artefactParams,
  artefactStats,
  bundleQuery,
  changeSharingBody,
  custodyTrail,
  listArtefactsQuery,
  UPLOAD_FIELD_NAMES,
} from './artefacts.schema.js';
import {
  type ArtefactDeps,
  artefactCustodyTrail,
  changeArtefactSharing,
  artefactStats as countArtefacts,
  createArtefact,
  exportEvidenceBundle,
  getArtefact,
  listArtefacts,
  openArtefactContent,
  requireStore,
} from './artefacts.service.js';
import { formatBytes, receiveUpload } from './artefacts.upload.js';

/** `Content-Disposition` that keeps any file name, with an ASCII fallback for old clients. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * `/api/v1/artefacts`: evidence files with TLP 2.0 sharing. Every read goes through the sharing
 * policy (an unreadable artefact is a 404, as a missing one) and every write, content read and
 * sharing change appends a custody leaf.
 */
export const artefactRoutes: FastifyPluginAsyncZod<ArtefactDeps> = async (app, deps) => {
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: deps.maxUploadBytes,
      files: 1,
      fields: 200,
      parts: 201,
      fieldSize: 64 * 1024,
    },
  });

  app.post(
    '/api/v1/artefacts',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'Upload an evidence file',
        description: `multipart/form-data with one file field \`file\` (at most ${formatBytes(deps.maxUploadBytes)}; larger answers 413 and nothing is kept) and the fields ${UPLOAD_FIELD_NAMES.map((name) => `\`${name}\``).join(', ')}. \`tlp\` is required (CLEAR, GREEN, AMBER, AMBER+STRICT or RED); \`groups\` (sharing group ids) and \`recipients\` (user e-mails) may be repeated or sent as a JSON array; \`acquiredAt\` is ISO 8601. The SHA-256 is computed while the file streams in.`,
        consumes: ['multipart/form-data'],
        response: { 201: artefactBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await receiveUpload(request, requireStore(deps), deps.maxUploadBytes);
      const created = await createArtefact(deps, actor, upload);
      return reply.status(201).header('location', `/api/v1/artefacts/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/artefacts',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'The artefacts you may read, newest first',
        querystring: listArtefactsQuery,
        response: { 200: artefactPage },
      },
    },
    async (request) => listArtefacts(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/artefacts/stats',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'How many artefacts you may read, per TLP level',
        response: { 200: artefactStats },
      },
    },
    async (request) => countArtefacts(deps, requireActor(request)),
  );

  app.get(
    '/api/v1/artefacts/:id',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'An artefact’s metadata (404 when it does not exist or you may not read it)',
        params: artefactParams,
        response: { 200: artefactBody },
      },
    },
    async (request) => getArtefact(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/artefacts/:id/content',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'Download an artefact’s bytes (recorded in the custody log)',
        description:
          'Checks the stored bytes still match the SHA-256 taken on upload (503 if not), appends an `artefact.read` custody leaf, then sends them as an attachment with a `Repr-Digest` header.',
        params: artefactParams,
      },
    },
    async (request, reply) => {
      const { row, stream } = await openArtefactContent(
        deps,
        requireActor(request),
        request.params.id,
      );
      return reply
        .header('content-type', row.mediaType)
        .header('content-length', String(row.sizeBytes))
        .header('content-disposition', attachment(row.filename))
        .header('repr-digest', `sha-256=:${Buffer.from(row.sha256, 'hex').toString('base64')}:`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.patch(
    '/api/v1/artefacts/:id',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'Change an artefact’s TLP level, sharing groups or named recipients',
        params: artefactParams,
        body: changeSharingBody,
        response: { 200: artefactBody },
      },
    },
    async (request) =>
      changeArtefactSharing(deps, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/artefacts/:id/custody',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'The custody trail of an artefact: every log leaf about it',
        params: artefactParams,
        response: { 200: custodyTrail },
      },
    },
    async (request) => artefactCustodyTrail(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/artefacts/:id/bundle',
    {
      schema: {
        tags: ['artefacts'],
        summary: 'Export an evidence bundle that verifies offline (recorded in the custody log)',
        description:
          'The artefact (bytes in base64 unless `content=false`), its metadata, every custody leaf about it with RFC 9162 inclusion proofs, and an Ed25519-signed checkpoint, in the `jaga-evidence-bundle/1` format. Check it with `jaga log verify-bundle`.',
        params: artefactParams,
        querystring: bundleQuery,
      },
    },
    async (request, reply) => {
      const { bundle } = await exportEvidenceBundle(
        deps,
        requireActor(request),
        request.params.id,
        (subjectId) => app.custodyLog.evidence(subjectId),
        request.query.content,
      );
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', attachment(`artefact-${bundle.artefact.id}.bundle.json`))
        .header('cache-control', 'no-store')
        .send(JSON.stringify(bundle));
    },
  );
};
