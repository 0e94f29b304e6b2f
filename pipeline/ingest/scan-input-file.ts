import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputFileError } from '../errors/index.js';

export interface InputFileScan {
  sha256: string;
  bytes: number;
  /** Physical lines (a last line without a newline counts). Meaningful for text formats. */
  lines: number;
  /** 1-based numbers of empty lines (or lines holding only '\r'): readers skip them, so they shift line numbers. */
  blankLines: number[];
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * One streaming pass over a file: its SHA-256 (the identity of a load) and where its blank
 * lines are, so that a record's position can be turned back into the line a person sees.
 */
export async function scanInputFile(path: string): Promise<InputFileScan> {
  const hash = createHash('sha256');
  const blankLines: number[] = [];
  let bytes = 0;
  let line = 1;
  let lineLength = 0; // bytes on the current line so far
  let lastByte = -1; // the last byte of the previous chunk, for a '\r\n' split across chunks
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      let from = 0;
      for (let at = chunk.indexOf(NEWLINE, from); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
        lineLength += at - from;
        if (lineLength === 0 || (lineLength === 1 && (at > 0 ? chunk[at - 1] : lastByte) === CARRIAGE_RETURN)) blankLines.push(line);
        line += 1;
        lineLength = 0;
        from = at + 1;
      }
      lineLength += chunk.length - from;
      lastByte = chunk.length > 0 ? (chunk[chunk.length - 1] as number) : lastByte;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError('input_not_found', path, 'no such file', { cause: error });
    throw new InputFileError('input_unreadable', path, `cannot read the file (${code ?? (error as Error).message})`, { cause: error });
  }
  const lines = lineLength > 0 ? line : line - 1;
  return { sha256: hash.digest('hex'), bytes, lines, blankLines };
}
