/** The options of `stones run`, as commander parses them (shared by the command, its action and --resume). */
export interface RunOptions {
  input: string[];
  db: string;
  period?: string;
  tz: string;
  formula: string;
  beacon?: string;
  beaconCommand?: string;
  out: string;
  prove: boolean;
  artifacts?: string;
  threads?: number;
  redis?: string;
  prefix: string;
  witnessKey?: string;
  resume?: string;
  /** Record the verified run on the local dev chain (or on --rpc). */
  anchor?: boolean;
  rpc?: string;
  key?: string;
  registry?: string;
  chainDir: string;
  now?: Date;
  json?: boolean;
}
