import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  decodeCursor,
  decodeNewestFirst,
  encodeCursor,
  encodeNewestFirst,
  isUuidLike,
  pageOf,
} from './pagination.js';

const id = '0b7c9a52-3f43-4a57-9d0e-5d8f7c1f2a10';
const createdAt = new Date('2026-12-01T08:30:00.123Z');

describe('page cursors', () => {
  it('gives back the key of a newest-first row', () => {
    expect(decodeNewestFirst(encodeNewestFirst({ createdAt, id }))).toEqual({ createdAt, id });
  });

  it('reads any key its reader accepts', () => {
    const cursor = encodeCursor([0.75, id]);
    const read = ([risk, rowId]: readonly unknown[]) =>
      typeof risk === 'number' && isUuidLike(rowId) ? { risk, id: rowId } : undefined;
    expect(decodeCursor(cursor, read)).toEqual({ risk: 0.75, id });
  });

  it.each([
    ['not base64url JSON', 'not a cursor'],
    ['JSON but not a list', Buffer.from('{"createdAt":"2026-12-01"}').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['a time that is not one', encodeCursor(['yesterday', id])],
    ['an id that is not a UUID', encodeCursor([createdAt.toISOString(), '42'])],
    ['parts missing', encodeCursor([createdAt.toISOString()])],
  ])('answers 400 for %s, saying to pass nextCursor as is', (_, cursor) => {
    let error: unknown;
    try {
      decodeNewestFirst(cursor);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
    expect((error as AppError).message).toBe(
      'querystring/cursor: not a cursor from this API; pass the nextCursor of the previous page as is.',
    );
  });

  it("throws the list's own error when given one", () => {
    const invalid = () =>
      new AppError('bad_request', 'not a cursor of this list', [{ where: 'x' }]);
    expect(() => decodeNewestFirst('%%%', invalid)).toThrow('not a cursor of this list');
  });
});

describe('pageOf', () => {
  const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `${n}` }));
  const encode = (row: { id: string }) => `after-${row.id}`;

  it('keeps limit rows and makes a cursor from the last when one more was read', () => {
    expect(pageOf(rows, 2, encode)).toEqual({ page: rows.slice(0, 2), nextCursor: 'after-2' });
  });

  it('has no next cursor on the last page or an empty one', () => {
    expect(pageOf(rows, 3, encode)).toEqual({ page: rows, nextCursor: null });
    expect(pageOf([], 3, encode)).toEqual({ page: [], nextCursor: null });
  });
});
