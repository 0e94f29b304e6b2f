// A module resolve hook that reports every module the process resolves, and who imported it,
// as one `stones-load <url> <parentURL>` line on stderr.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  process.stderr.write(`stones-load ${resolved.url} ${context.parentURL ?? '-'}\n`);
  return resolved;
}
