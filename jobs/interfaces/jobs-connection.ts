/** Where the project's queues live. */
export interface JobsConnection {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** Key prefix of every queue (default `stones`); a deployment or a test run of its own. */
  prefix?: string;
}
