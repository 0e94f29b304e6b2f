import { Option } from 'commander';

/** `--json`: stdout is exactly one JSON document; progress and warnings go to stderr. */
export const jsonOption = (description = 'print one JSON document on stdout instead of the text (progress and warnings on stderr)') =>
  new Option('--json', description);
