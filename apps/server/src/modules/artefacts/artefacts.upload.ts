import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { ArtefactStore, StagedFile } from './artefact-store.js';
import { FileTooLargeError } from './artefact-store.js';
import { UPLOAD_FIELD_NAMES, type UploadFields, uploadFields } from './artefacts.schema.js';

/** A multipart upload read to its end: the staged bytes and the checked fields. */
export interface ReceivedUpload {
  staged: StagedFile;
  filename: string;
  mediaType: string;
  fields: UploadFields;
}

const LIST_FIELDS = new Set(['groups', 'recipients']);

/** "100 MB" for 104857600: limits are shown as people configure them. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1 && Number.isInteger(mb)) return `${mb} MB`;
  const kb = bytes / 1024;
  if (kb >= 1 && Number.isInteger(kb)) return `${kb} KB`;
  return `${bytes} bytes`;
}

const tooLarge = (limit: number) =>
  new AppError(
    'payload_too_large',
    `file: larger than this node's upload limit of ${formatBytes(limit)}; nothing was stored.`,
  );

function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim()
    .slice(0, 255);
  return clean === '' ? 'artefact.bin' : clean;
}

function cleanMediaType(type: string | undefined): string {
  const value = (type ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(value) && value.length <= 127
    ? value
    : 'application/octet-stream';
}

/** A list field sent repeatedly, or once as a JSON array. */
function listValues(field: string, values: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new AppError(
          'bad_request',
          `body/${field}: not a valid JSON array; send ["…","…"] or repeat the field once per value.`,
        );
      }
      if (!Array.isArray(parsed)) {
        throw new AppError('bad_request', `body/${field}: must be a JSON array of strings.`);
      }
      out.push(...parsed);
    } else if (trimmed !== '') {
      out.push(trimmed);
    }
  }
  return out;
}

function checkFields(raw: Map<string, string[]>): UploadFields {
  const input: Record<string, unknown> = {};
  for (const [name, values] of raw) {
    if (LIST_FIELDS.has(name)) {
      input[name] = listValues(name, values);
    } else if (values.length > 1) {
      throw new AppError('bad_request', `body/${name}: sent ${values.length} times; send it once.`);
    } else {
      input[name] = values[0];
    }
  }
  const parsed = uploadFields.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      where: `body${issue.path.length ? `/${issue.path.join('/')}` : ''}`,
      message: issue.message,
    }));
    throw new AppError(
      'bad_request',
      `Invalid upload: ${issues.map((issue) => `${issue.where}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

function mapMultipartError(error: unknown, limit: number): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof FileTooLargeError) return tooLarge(limit);
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(limit);
    case 'FST_FILES_LIMIT':
      return new AppError('bad_request', 'file: send exactly one file per upload.');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('bad_request', 'body: too many form fields in one upload.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(
        'bad_request',
        'Send the upload as multipart/form-data with a file field named "file" and a "tlp" field.',
      );
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError(
        'bad_request',
        'body: a field sent as application/json is not valid JSON.',
      );
    default:
      return error;
  }
}

/**
 * Reads a multipart upload to its end, streaming the `file` part into the store's staging area
 * (hashing as it goes) and gathering the other fields. On any problem the staged bytes are deleted
 * and a clear 400 or 413 is thrown.
 *
 * @example
 * const upload = await receiveUpload(request, store, 100 * 1024 * 1024);
 */
export async function receiveUpload(
  request: FastifyRequest,
  store: ArtefactStore,
  limitBytes: number,
): Promise<ReceivedUpload> {
  let staged: StagedFile | undefined;
  let filename = '';
  let mediaType = '';
  const raw = new Map<string, string[]>();
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const file = part as MultipartFile;
        if (file.fieldname !== 'file' || staged) {
          file.file.resume();
          throw new AppError(
            'bad_request',
            staged
              ? 'file: send exactly one file per upload.'
              : `body/${file.fieldname}: unexpected file; send the evidence in the field named "file".`,
          );
        }
        staged = await store.stage(file.file, limitBytes, () => file.file.truncated);
        filename = cleanFilename(file.filename);
        mediaType = cleanMediaType(file.mimetype);
        continue;
      }
      const field = part as MultipartValue;
      if (!(UPLOAD_FIELD_NAMES as readonly string[]).includes(field.fieldname)) {
        throw new AppError(
          'bad_request',
          `body/${field.fieldname}: unknown field; an upload takes file, ${UPLOAD_FIELD_NAMES.join(', ')}.`,
        );
      }
      if (field.valueTruncated) {
        throw new AppError('bad_request', `body/${field.fieldname}: too long.`);
      }
      const values = raw.get(field.fieldname) ?? [];
      values.push(String(field.value));
      raw.set(field.fieldname, values);
    }
    if (!staged) {
      throw new AppError(
        'bad_request',
        'body/file: missing; send the evidence as a multipart file field named "file".',
      );
    }
    return { staged, filename, mediaType, fields: checkFields(raw) };
  } catch (error) {
    await staged?.discard();
    throw mapMultipartError(error, limitBytes);
  }
}
