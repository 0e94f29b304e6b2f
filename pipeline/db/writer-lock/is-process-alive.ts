/**
 * Whether a process of this host with this pid exists. Signal 0 checks without sending
 * anything; EPERM means it exists but belongs to another user, so only ESRCH means gone.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
