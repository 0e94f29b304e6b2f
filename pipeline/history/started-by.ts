import { hostname, userInfo } from 'node:os';

/** `$USER@host`, from the environment or the OS; `unknown` for what cannot be found. */
export function userAtHost(): string {
  let user = process.env.USER ?? process.env.USERNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${hostname() || 'unknown'}`;
}

/** runs.started_by and run_stages.started_by: what started the run and as whom, `cli:run alice@host`. */
export function startedBy(what: string): string {
  return `${what} ${userAtHost()}`;
}
