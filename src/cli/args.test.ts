import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT, parseArgs, UsageError } from './args.ts';

const usageError = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('parseArgs', () => {
  it('reads check with every option, flags anywhere, = or separate values', () => {
    expect(
      parseArgs([
        'check',
        '--json',
        'https://a.example/x',
        '--header',
        'Authorization: Bearer t',
        '--header=X-Trace:  1 ',
        '--expect=rules.json',
        '--follow-metadata',
        '--timeout',
        '500',
        '--fail-on',
        'warning',
        'https://b.example/',
      ]),
    ).toEqual({
      kind: 'check',
      urls: ['https://a.example/x', 'https://b.example/'],
      har: null,
      expect: 'rules.json',
      headers: [
        { name: 'Authorization', value: 'Bearer t' },
        { name: 'X-Trace', value: '1' },
      ],
      json: true,
      followMetadata: true,
      timeout: 500,
      failOn: 'warning',
    });
  });

  it('has defaults, and takes --har without URLs', () => {
    expect(parseArgs(['check', '--har', 'x.har'])).toMatchObject({
      urls: [],
      har: 'x.har',
      timeout: DEFAULT_TIMEOUT,
      failOn: 'error',
      json: false,
    });
  });

  it('reads parse with its context options, and "--" before values that look like flags', () => {
    expect(parseArgs(['parse', '--status', '401', '--', '--weird'])).toEqual({
      kind: 'parse',
      values: ['--weird'],
      json: false,
      status: 401,
      url: null,
      failOn: 'error',
    });
  });

  it('answers --help and --version wherever they appear', () => {
    expect(parseArgs(['check', 'x', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-V'])).toEqual({ kind: 'version' });
  });

  it('explains every usage error in one line', () => {
    expect(usageError([])).toBe('missing command; try "authlens --help"');
    expect(usageError(['probe'])).toMatch(/^unknown command "probe"/);
    expect(usageError(['--bogus'])).toMatch(/^unknown option --bogus/);
    expect(usageError(['check', '--bogus', 'https://a'])).toMatch(
      /^unknown option --bogus for "authlens check"/,
    );
    expect(usageError(['check', '-x', 'https://a'])).toMatch(/^unknown option -x/);
    expect(usageError(['parse', '--expect', 'r.json', 'Basic'])).toMatch(/unknown option --expect/);
    expect(usageError(['check'])).toMatch(/needs at least one URL or --har/);
    expect(usageError(['parse'])).toMatch(/needs a header value/);
    expect(usageError(['check', 'https://a', '--timeout'])).toBe('--timeout needs a value');
    expect(usageError(['check', 'https://a', '--timeout', 'soon'])).toMatch(/positive number/);
    expect(usageError(['check', 'https://a', '--timeout', '0'])).toMatch(/positive number/);
    expect(usageError(['check', 'https://a', '--fail-on', 'info'])).toMatch(/"error" or "warning"/);
    expect(usageError(['check', 'https://a', '--header', 'NoColon'])).toMatch(/'Name: value'/);
    expect(usageError(['check', 'https://a', '--json=yes'])).toBe('--json takes no value');
    expect(usageError(['check', '--expect', 'a', '--expect', 'b', 'x'])).toMatch(/only once/);
    expect(usageError(['parse', '--status', '99', 'Basic'])).toMatch(/status code/);
  });
});
