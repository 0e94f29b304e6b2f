/**
 * For `--json` commands whose stages print as they go (stones run): until the returned function
 * is called, everything written to stdout goes to stderr, so that stdout carries only the one
 * JSON document printed after.
 */
export function divertStdoutToStderr(): () => void {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}
