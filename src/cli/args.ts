// Command-line arguments → a Command, or a UsageError with one line to print. node:util's
// parseArgs splits them; this module says which flags each command takes and what is wrong, in
// one line. Pure: reads no files and no environment; flags may appear anywhere, and "--" ends them.
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';

export interface HeaderArg {
  name: string;
  value: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'check';
      urls: string[];
      har: string | null;
      expect: string | null;
      headers: HeaderArg[];
      json: boolean;
      followMetadata: boolean;
      timeout: number;
      failOn: 'error' | 'warning';
    }
  | {
      kind: 'parse';
      values: string[];
      json: boolean;
      status: number | null;
      url: string | null;
      failOn: 'error' | 'warning';
    };

export class UsageError extends Error {}

export const DEFAULT_TIMEOUT = 10_000;

/** Each command's flags, as node:util's parseArgs reads them; "multiple" so a repeat is seen. */
const OPTIONS = {
  check: {
    expect: { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    timeout: { type: 'string', multiple: true },
    'fail-on': { type: 'string', multiple: true },
    har: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    'follow-metadata': { type: 'boolean' },
  },
  parse: {
    json: { type: 'boolean' },
    status: { type: 'string', multiple: true },
    url: { type: 'string', multiple: true },
    'fail-on': { type: 'string', multiple: true },
  },
} as const satisfies Record<string, ParseArgsConfig['options']>;

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('missing command; try "authlens --help"');
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-V')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'parse') {
    throw new UsageError(
      command!.startsWith('-')
        ? `unknown option ${command}; commands are "check" and "parse" (see authlens --help)`
        : `unknown command "${command}"; commands are "check" and "parse" (see authlens --help)`,
    );
  }
  const options = OPTIONS[command];
  // Not strict: parseArgs's own errors would not name the command; its tokens say everything.
  // A flag's value may start with "-" (header values do); "--" ends the flags.
  const { values, positionals, tokens } = nodeParseArgs({
    args: [...rest],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.rawName;
    if (!name.startsWith('--'))
      throw new UsageError(`unknown option ${rest[token.index]} (see authlens --help)`);
    if (!Object.hasOwn(options, token.name)) {
      throw new UsageError(
        `unknown option ${name} for "authlens ${command}" (see authlens --help)`,
      );
    }
    const type = (options as Record<string, { type: 'string' | 'boolean' }>)[token.name]!.type;
    if (type === 'string' && token.value === undefined)
      throw new UsageError(`${name} needs a value`);
    if (type === 'boolean' && token.value !== undefined)
      throw new UsageError(`${name} takes no value`);
  }
  const single = (name: string): string | null => {
    const given = values[name];
    if (!Array.isArray(given)) return null;
    if (given.length > 1) throw new UsageError(`--${name} may be given only once`);
    return String(given[0]);
  };
  const failOn = readFailOn(single('fail-on'));
  if (command === 'parse') {
    if (positionals.length === 0) {
      throw new UsageError(
        `"authlens parse" needs a header value, e.g. authlens parse 'Basic realm="x"'`,
      );
    }
    const status = single('status');
    return {
      kind: 'parse',
      values: positionals,
      json: values.json === true,
      status: status === null ? null : readStatus(status),
      url: single('url'),
      failOn,
    };
  }
  const har = single('har');
  if (positionals.length === 0 && har === null) {
    throw new UsageError('"authlens check" needs at least one URL or --har <file>');
  }
  const timeout = single('timeout');
  const headers = values.header;
  return {
    kind: 'check',
    urls: positionals,
    har,
    expect: single('expect'),
    headers: Array.isArray(headers) ? headers.map((h) => readHeader(String(h))) : [],
    json: values.json === true,
    followMetadata: values['follow-metadata'] === true,
    timeout: timeout === null ? DEFAULT_TIMEOUT : readTimeout(timeout),
    failOn,
  };
}

function readFailOn(value: string | null): 'error' | 'warning' {
  if (value === null || value === 'error') return 'error';
  if (value === 'warning') return 'warning';
  throw new UsageError(`--fail-on must be "error" or "warning", not "${value}"`);
}

function readTimeout(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) === 0) {
    throw new UsageError(`--timeout must be a positive number of milliseconds, not "${value}"`);
  }
  return Number(value);
}

function readStatus(value: string): number {
  if (!/^[1-5]\d\d$/.test(value))
    throw new UsageError(`--status must be a status code, not "${value}"`);
  return Number(value);
}

/** field-name ":" OWS field-value OWS — RFC 9110 §5.1, §5.5. */
function readHeader(value: string): HeaderArg {
  const colon = value.indexOf(':');
  const name = colon === -1 ? '' : value.slice(0, colon);
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`--header must look like 'Name: value', not "${value}"`);
  }
  const text = value.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(text))
    throw new UsageError(`--header ${name}: the value may not contain a line break`);
  return { name, value: text };
}
