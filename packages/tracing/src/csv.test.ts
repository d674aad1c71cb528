import { describe, expect, it } from 'vitest';
import { createCsvReader } from './csv.js';

function readAll(chunks: string[]): Array<[string[], number]> {
  const out: Array<[string[], number]> = [];
  const reader = createCsvReader((fields, line) => out.push([fields, line]));
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return out;
}

describe('createCsvReader', () => {
  it('splits plain and quoted fields and keeps line numbers across chunks', () => {
    const rows = readAll(['\uFEFFa,b\r\n1,"x,', 'y"\n\n2,"say ""hi"""', '\n3,"multi\nline"\n4,z']);
    expect(rows).toEqual([
      [['a', 'b'], 1],
      [['1', 'x,y'], 2],
      [['2', 'say "hi"'], 4],
      [['3', 'multi\nline'], 5],
      [['4', 'z'], 7],
    ]);
  });

  it('reports an unterminated quote with the line it started on', () => {
    const errors: Array<[string, number]> = [];
    const reader = createCsvReader(
      () => {},
      (message, line) => errors.push([message, line]),
    );
    reader.push('a\n"open,1\n');
    reader.end();
    expect(errors).toEqual([['unterminated quoted field (a " is never closed)', 2]]);
  });
});
