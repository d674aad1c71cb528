import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireActor, requireAdmin } from '../auth/actor.js';
import { auditOf } from '../auth/audit.js';
import { verifyPassword } from './password.js';
import { presentUser } from './users.presenter.js';
import { findUser, listUsers } from './users.repository.js';
import {
  changeOwnPasswordRequest,
  createUserRequest,
  createUserResponse,
  updateUserRequest,
  userBody,
  userIdParams,
  userListQuery,
  userListResponse,
} from './users.schema.js';
import { changeUser, createUser, unlockUser } from './users.service.js';

const TAGS = ['identity'];

/** User administration (administrators) and changing one's own password. */
export const usersRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  now: () => number;
}> = async (app, { db, now }) => {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: TAGS,
        summary: 'Users of this node, optionally of one organisation (administrators)',
        querystring: userListQuery,
        response: { 200: userListResponse },
      },
    },
    async (request) => {
      requireAdmin(request);
      const rows = await listUsers(db, { organisationId: request.query.organisationId });
      return { items: rows.map(presentUser) };
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One user (administrators, or the user themself)',
        params: userIdParams,
        response: { 200: userBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (actor.userId !== request.params.id) requireAdmin(request);
      const user = await findUser(db, request.params.id);
      if (!user) throw new AppError('not_found', `No user ${request.params.id}.`);
      return presentUser(user);
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a user (administrators); a password is generated when none is given',
        body: createUserRequest,
        response: { 201: createUserResponse },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { user, generatedPassword } = await createUser(db, request.body, auditOf(request, now));
      return reply
        .status(201)
        .send({ ...presentUser(user), ...(generatedPassword ? { generatedPassword } : {}) });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change role, name, organisation, password or disable a user (administrators)',
        params: userIdParams,
        body: updateUserRequest,
        response: { 200: userBody },
      },
    },
    async (request) => {
      requireAdmin(request);
      return presentUser(
        await changeUser(db, request.params.id, request.body, auditOf(request, now)),
      );
    },
  );

  app.post(
    '/api/v1/users/:id/unlock',
    {
      schema: {
        tags: TAGS,
        summary: "Lift a sign-in lockout on a user's e-mail (administrators)",
        params: userIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      await unlockUser(db, request.params.id, auditOf(request, now));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: TAGS,
        summary: 'Change your own password; ends your other sessions',
        body: changeOwnPasswordRequest,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const user = await findUser(db, actor.userId);
      if (!user || !(await verifyPassword(request.body.currentPassword, user.password_hash))) {
        throw new AppError(
          'bad_request',
          'body/currentPassword: this is not your current password.',
        );
      }
      await changeUser(
        db,
        actor.userId,
        { password: request.body.newPassword },
        auditOf(request, now),
        request.authSession?.id,
      );
      return reply.status(204).send(null);
    },
  );
};
