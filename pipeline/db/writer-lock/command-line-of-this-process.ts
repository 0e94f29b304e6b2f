import { basename } from 'node:path';

const MAX_LENGTH = 300;

/** The compiled CLI (dist/cli/main.js) or its `stones` bin link: shown as `stones`. */
function isStonesCli(script: string): boolean {
  return /[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(script) || basename(script) === 'stones';
}

/**
 * How this process was started, as a user would recognise it (`stones run --db x.duckdb`): it
 * goes into the lock file and into the one-line refusal, so it is kept to one line, cut short,
 * and stripped of URL passwords (a `--redis redis://:secret@host` must not be written to disk).
 */
export function commandLineOfThisProcess(argv: readonly string[] = process.argv): string {
  const [runtime, script, ...args] = argv;
  const name = script === undefined ? basename(runtime ?? 'node') : isStonesCli(script) ? 'stones' : basename(script);
  const line = [name, ...args]
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 3)}...` : line;
}
