// parseChallenges against the npm parsers users would otherwise pick, on the same inputs: typical
// challenges, adversarial inputs at 1 KB side by side, and the same adversarial inputs at 1 KB and
// 1 MiB to show the cost per byte stays flat (RFC 9110 parsing must be linear; CPython's
// CVE-2020-8492 is what a backtracking parser does instead). Run with `npm run bench`.
import { peerNotes, peers, summarize } from '../../scripts/bench/peers.ts';
import type { Contender, Suite } from '../../scripts/bench/suite.ts';
import { parseChallenges, type FieldLines } from './parse.ts';
import type { AuthParam, Challenge, ChallengeParse } from './types.ts';

const authLens: Contender<FieldLines> = {
  name: 'AuthLens',
  prepare: (lines) => () => parseChallenges(lines),
  describe(result) {
    const { challenges, diagnostics } = result as ChallengeParse;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const summary = summarize(
      challenges.map((c) => ({
        scheme: c.scheme,
        params: c.params.length,
        token68: c.token68 !== null,
      })),
    );
    return errors > 0 ? `${summary}, ${errors} errors` : summary;
  },
};

/** A fresh copy of a parse result: the same objects (strings shared), built without parsing. */
function copyResult(parse: ChallengeParse): ChallengeParse {
  const challenges: Challenge[] = [];
  for (const c of parse.challenges) {
    const params: AuthParam[] = [];
    for (const p of c.params) {
      params.push({
        name: p.name,
        value: p.value,
        quoted: p.quoted,
        line: p.line,
        start: p.start,
        valueStart: p.valueStart,
        end: p.end,
      });
    }
    challenges.push({
      scheme: c.scheme,
      token68: c.token68,
      params,
      line: c.line,
      start: c.start,
      endLine: c.endLine,
      end: c.end,
      token68Start: c.token68Start,
    });
  }
  return { challenges, diagnostics: parse.diagnostics.slice() };
}

/**
 * A floor for AuthLens, not a peer: building its result objects (challenges, params, a span for
 * each part) without parsing anything. The gap to AuthLens is the parsing itself.
 */
const resultObjects: Contender<FieldLines> = {
  name: 'result objects only',
  reference: true,
  prepare(lines) {
    const parsed = parseChallenges(lines);
    return () => copyResult(parsed);
  },
  describe: () => "AuthLens's result, copied",
};

/**
 * A floor of another kind: one look at every character of the same field lines (a loop over their
 * char codes that counts commas, quotes and equals signs), the least any parser must do.
 */
const plainScan: Contender<FieldLines> = {
  name: 'plain scan',
  reference: true,
  prepare(lines) {
    const all = typeof lines === 'string' ? [lines] : lines;
    return () => {
      let marks = 0;
      for (const line of all) {
        for (let i = 0; i < line.length; i++) {
          const c = line.charCodeAt(i);
          if (c === 0x2c || c === 0x22 || c === 0x3d) marks++;
        }
      }
      return marks;
    };
  },
  describe: (result) => `${String(result)} commas, quotes and equals signs`,
};

const contenders = [authLens, ...peers, resultObjects];

/** RFC 7616 §3.9.1, the SHA-256 challenge, on one line. */
const rfc7616 = flat(
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
);

export const typicalInputs: Array<{ name: string; value: FieldLines }> = [
  { name: 'Basic realm + charset', value: 'Basic realm="WallyWorld", charset="UTF-8"' },
  { name: 'Digest (RFC 7616 §3.9.1)', value: rfc7616 },
  {
    name: 'Bearer error + description',
    value:
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
  },
  { name: 'Negotiate, NTLM, Basic', value: 'Negotiate, NTLM, Basic realm="corp"' },
  {
    name: 'two field lines',
    value: ['Bearer realm="api", scope="read write"', 'Basic realm="api", charset="UTF-8"'],
  },
];

/**
 * A flat copy of a string built by concatenation. Header values arrive as flat strings; a rope
 * (what `+` and repeat() build) would make every parser pay for flattening on first access.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** `prefix` + `unit` × k + `suffix`, with k chosen so the whole is about `size` characters. */
function fill(size: number, prefix: string, unit: string, suffix = ''): string {
  const k = Math.max(1, Math.round((size - prefix.length - suffix.length) / unit.length));
  return flat(prefix + unit.repeat(k) + suffix);
}

/** The RFC 9110 §11.6.1 example: two challenges, escapes included. */
const rfc9110Pair =
  'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"';

export const adversarialInputs: Array<{ name: string; make(size: number): string }> = [
  {
    name: 'long challenge list',
    make: (size) => fill(size, rfc9110Pair, `, ${rfc9110Pair}`),
  },
  { name: 'a=a=a=…', make: (size) => fill(size, 'a', '=a') },
  { name: 'unterminated "\\"\\"…', make: (size) => fill(size, 'Basic realm="', '\\"') },
  { name: 'unterminated "aaa…', make: (size) => fill(size, 'Basic realm="', 'a') },
  { name: 'long token, no "="', make: (size) => fill(size, 'Basic ', 'a') },
  {
    name: 'spaces in a param list',
    make: (size) => fill(size, 'Digest realm="a",', ' ', 'nonce="b"'),
  },
  { name: 'spaces after the scheme', make: (size) => fill(size, 'Basic', ' ', 'realm="a"') },
  {
    name: 'empty list elements',
    make: (size) => fill(size, 'Basic realm="a"', ',', ' Bearer realm="b"'),
  },
  {
    name: 'many params, one challenge',
    make(size) {
      const parts = ['Digest realm="a"'];
      let length = parts[0]!.length;
      for (let i = 0; length < size; i++) {
        const param = `p${i}="v${i}"`;
        parts.push(param);
        length += param.length + 2;
      }
      return flat(parts.join(', '));
    },
  },
];

const notes = [
  'AuthLens: parseChallenges(fieldLines) — every challenge of every line, with a span for each challenge, scheme, token68 and param (name and value), and diagnostics.',
  ...peerNotes,
  "result objects only (ref.): not a parser — a copy of AuthLens's result built without parsing (strings shared), the floor its data model sets: the time AuthLens spends beyond it is the parsing.",
  'plain scan (ref.): one look at every character of the same bytes (a charCodeAt loop counting commas, quotes and equals signs); the scaling suite beyond 1 MiB sets each per-byte cost against it.',
];

export const suites: Array<Suite<FieldLines>> = [
  {
    kind: 'compare',
    name: 'parse: typical',
    title: 'typical challenges, ops/s (higher is better)',
    subject: 'AuthLens',
    contenders,
    inputs: typicalInputs,
    notes,
  },
  {
    kind: 'compare',
    name: 'parse: adversarial 1 KB',
    title: 'adversarial inputs at 1 KB, ops/s (higher is better)',
    subject: 'AuthLens',
    contenders,
    inputs: adversarialInputs.map((i) => ({ name: i.name, value: i.make(1024) })),
  },
  {
    kind: 'scaling',
    name: 'parse: scaling',
    title: 'adversarial inputs, cost per byte at 1 KB and at 1 MiB (1.00× = linear)',
    subject: 'AuthLens',
    contenders,
    sizes: { small: 1024, large: 1 << 20, unit: 'B', smallLabel: '1 KB', largeLabel: '1 MiB' },
    inputs: adversarialInputs,
    limit: 2,
  },
  {
    // Between 1 KB and 1 MiB the result outgrows V8's young generation, and the garbage collector
    // copies what survives: a step in the cost per byte that building the result objects alone
    // shows too. Beyond it, linear work costs the same per byte again.
    kind: 'scaling',
    name: 'parse: scaling beyond 1 MiB',
    title: 'adversarial inputs, cost per byte at 1 MiB and at 4 MiB (1.00× = linear)',
    subject: 'AuthLens',
    contenders: [authLens, resultObjects, plainScan],
    sizes: { small: 1 << 20, large: 4 << 20, unit: 'B', smallLabel: '1 MiB', largeLabel: '4 MiB' },
    inputs: adversarialInputs,
    limit: 1.5,
    largeSmall: true,
    baseline: 'plain scan',
  },
];
