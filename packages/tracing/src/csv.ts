/** A push-based CSV reader: feed text chunks, receive records with their 1-based line numbers. */
export interface CsvReader {
  /** Feeds the next chunk of text (any size; records may span chunks). */
  push(chunk: string): void;
  /** Flushes the last record. Reports an unterminated quoted field as an error. */
  end(): void;
}

/** A CSV reader fed one line at a time (without its `\n`), for callers that split lines themselves. */
export interface CsvLineReader {
  /** Feeds one line and its 1-based number. */
  line(text: string, lineNo: number): void;
  /** Reports an unterminated quoted field as an error. */
  end(): void;
  /** Whether a quoted field is open, so the next line continues the current record. */
  readonly pending: boolean;
}

/**
 * Creates the record assembler behind {@link createCsvReader}: it takes lines, joins the lines of
 * a quoted field that spans several, drops a trailing `\r` and empty lines, and calls `onRecord`
 * with the fields and the line the record starts on. Byte-level importers use it for the lines
 * their fast path does not handle, so both paths number lines the same way.
 *
 * @example
 * const rows: string[][] = [];
 * const reader = createCsvLineReader((fields) => rows.push(fields));
 * reader.line('a,"b', 1);
 * reader.line('c"', 2); // rows = [['a', 'b\nc']]
 */
export function createCsvLineReader(
  onRecord: (fields: string[], line: number) => void,
  onError: (message: string, line: number) => void = (message, line) => {
    throw new Error(`line ${line}: ${message}`);
  },
): CsvLineReader {
  let pendingStart = 0; // line where a multi-line quoted record started
  let pending = ''; // accumulated text of a record spanning lines

  function emit(text: string, startLine: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') return;
    if (text.indexOf('"') < 0) {
      onRecord(text.split(','), startLine);
      return;
    }
    onRecord(splitQuoted(text), startLine);
  }

  return {
    line(text: string, lineNo: number): void {
      if (pending !== '') {
        pending += `\n${text}`;
        if (quotesBalanced(pending)) {
          const whole = pending;
          pending = '';
          emit(whole, pendingStart);
        }
        return;
      }
      if (text.indexOf('"') >= 0 && !quotesBalanced(text)) {
        pending = text;
        pendingStart = lineNo;
        return;
      }
      emit(text, lineNo);
    },
    end(): void {
      if (pending !== '') {
        onError('unterminated quoted field (a " is never closed)', pendingStart);
        pending = '';
      }
    },
    get pending(): boolean {
      return pending !== '';
    },
  };
}

/**
 * Creates an RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF, BOM) that calls
 * `onRecord` for each record with the line it starts on, so rejections can cite line numbers.
 * Hand-written because it must stream in the browser as well as in Node.
 *
 * @example
 * const rows: string[][] = [];
 * const reader = createCsvReader((fields) => rows.push(fields));
 * reader.push('a,"b,c"\n1,2');
 * reader.end(); // rows = [['a', 'b,c'], ['1', '2']]
 */
export function createCsvReader(
  onRecord: (fields: string[], line: number) => void,
  onError?: (message: string, line: number) => void,
): CsvReader {
  const lines = createCsvLineReader(onRecord, onError);
  let rest = '';
  let line = 0; // lines consumed so far
  let first = true;

  function handleLine(text: string): void {
    line++;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    lines.line(text, line);
  }

  return {
    push(chunk: string): void {
      const text = rest + chunk;
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        handleLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
    },
    end(): void {
      if (rest !== '') {
        const last = rest;
        rest = '';
        handleLine(last);
      }
      lines.end();
    },
  };
}

function quotesBalanced(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 0;
}

function splitQuoted(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
