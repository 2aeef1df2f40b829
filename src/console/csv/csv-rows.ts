// Reads an uploaded CSV file as it arrives: checks that it is UTF-8 (with or without a byte-order
// mark) and no bigger than allowed, and yields its records with the line each one ends on. Nothing
// is buffered beyond the record being parsed.

import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { DomainError } from '../../domain/domain-error.ts';

export interface CsvRow {
  /** The file's line the record ends on (1 is the header). */
  line: number;
  cells: string[];
}

export interface CsvReadOptions {
  /** More bytes than this stop the import (413). */
  maxBytes: number;
  /** Bytes read so far, as they arrive. */
  onBytes?: (bytes: number) => void;
}

/** One record may not be longer than this: an unclosed quote would otherwise swallow the whole file. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Every record of the file, the header first; empty lines and lines of empty cells are skipped. */
export async function* csvRows(source: Readable, { maxBytes, onBytes }: CsvReadOptions): AsyncGenerator<CsvRow> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS });
  const checker = utf8Checker(maxBytes, onBytes);
  // Piped, not in the pipeline: a refused file must not destroy the source, which for an upload is
  // the request (its socket carries the answer). Its own failure (the client gone) still ends the read.
  const onSourceError = (error: Error): void => void checker.destroy(error);
  source.once('error', onSourceError);
  source.pipe(checker);
  const done = pipeline(checker, parser);
  // pipeline's own rejection is the same error the parser ends with (read below).
  done.catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.every((cell) => cell.trim() === '')) continue;
      yield { line: info.lines, cells: record };
    }
    await done;
  } catch (error) {
    throw fileError(error);
  } finally {
    source.off('error', onSourceError);
    source.unpipe(checker);
    parser.destroy();
  }
}

/** Passes the bytes on unchanged, failing on the first one that is not UTF-8 or past `maxBytes`. */
function utf8Checker(maxBytes: number, onBytes?: (bytes: number) => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(new DomainError('payload_too_large', `the file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB: split it into smaller files`));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return callback(notUtf8());
      }
      onBytes?.(bytes);
      callback(null, chunk);
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(notUtf8());
      }
    },
  });
}

function notUtf8(): DomainError {
  return new DomainError('invalid_request', 'the file is not UTF-8 text: save it as “CSV UTF-8” (Excel) or convert it, e.g. iconv -f GBK -t UTF-8');
}

function fileError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof CsvError) return new DomainError('invalid_request', `the file is not valid CSV: ${error.message}`);
  return error;
}
