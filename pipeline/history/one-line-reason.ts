/** The first line of an error's message: what run_stages.error and runs.failure keep. */
export function oneLineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((l) => l.trim() !== '') ?? (error instanceof Error ? error.name : 'unknown error');
  return line.trim().slice(0, 500);
}
