// Command-line arguments → a Command, or a UsageError with one line to print. Pure: reads no
// files and no environment; flags may appear anywhere, and "--" ends them.

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

/** Flags that take a value, per command; every other flag is a switch. */
const valueFlags = new Set([
  '--expect',
  '--header',
  '--timeout',
  '--fail-on',
  '--har',
  '--status',
  '--url',
]);
const checkFlags = new Set([
  '--expect',
  '--header',
  '--timeout',
  '--fail-on',
  '--har',
  '--json',
  '--follow-metadata',
]);
const parseFlags = new Set(['--json', '--status', '--url', '--fail-on']);

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
  const allowed = command === 'check' ? checkFlags : parseFlags;
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    // A lone "-" or a negative-looking value is positional; header values are never flags.
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg.length > 1)
        throw new UsageError(`unknown option ${arg} (see authlens --help)`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!allowed.has(name)) {
      throw new UsageError(
        `unknown option ${name} for "authlens ${command}" (see authlens --help)`,
      );
    }
    let value: string;
    if (valueFlags.has(name)) {
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < rest.length) value = rest[++i]!;
      else throw new UsageError(`${name} needs a value`);
    } else {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      value = '';
    }
    (flags.get(name) ?? flags.set(name, []).get(name)!).push(value);
  }
  const single = (name: string): string | null => {
    const values = flags.get(name);
    if (!values) return null;
    if (values.length > 1) throw new UsageError(`${name} may be given only once`);
    return values[0]!;
  };
  const failOn = readFailOn(single('--fail-on'));
  if (command === 'parse') {
    if (positional.length === 0) {
      throw new UsageError(
        `"authlens parse" needs a header value, e.g. authlens parse 'Basic realm="x"'`,
      );
    }
    const status = single('--status');
    return {
      kind: 'parse',
      values: positional,
      json: flags.has('--json'),
      status: status === null ? null : readStatus(status),
      url: single('--url'),
      failOn,
    };
  }
  const har = single('--har');
  if (positional.length === 0 && har === null) {
    throw new UsageError('"authlens check" needs at least one URL or --har <file>');
  }
  const timeout = single('--timeout');
  return {
    kind: 'check',
    urls: positional,
    har,
    expect: single('--expect'),
    headers: (flags.get('--header') ?? []).map(readHeader),
    json: flags.has('--json'),
    followMetadata: flags.has('--follow-metadata'),
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
