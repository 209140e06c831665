// Nothing that leaves the panel holds a secret unless the user asked for it: for records that hold
// every kind of secret (as a user who revealed credentials would have them), the redacted HAR and
// AuthLens JSON exports, Copy as cURL and Copy as JSON hold no part of any; and importing a file
// full of secrets keeps none of them, as live capture keeps none.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Exchange } from '../shared/exchange.ts';
import {
  cookieValue,
  credentialValue,
  ntlmChallenge,
  ntlmNames,
  secret,
  secretUrl,
} from '../shared/secret-shapes.ts';
import { readsAsSchemeWord } from '../shared/redact.ts';
import { challengeJson, curlCommand } from './copy.ts';
import { makeExchange } from './test-fixtures.ts';
import { exportExchanges, importText } from './transfer.ts';

const holding = fc.record({
  credentials: credentialValue,
  header: fc.constantFrom('Authorization' as const, 'Proxy-Authorization' as const),
  url: secretUrl,
  password: secret.map(encodeURIComponent),
  names: ntlmNames,
  scheme: fc.constantFrom('NTLM', 'Negotiate'),
});

/** A key smuggled in as a scheme name; one that reads as a scheme word would be kept as one. */
const smuggled = secret.filter((s) => !readsAsSchemeWord(s));

type Holding = typeof holding extends fc.Arbitrary<infer T> ? T : never;

/** A record holding every kind of secret it can: a revealed value, URL secrets, a decoded token. */
function recordHolding(h: Holding): {
  exchange: Exchange;
  /** Never kept, at capture or import. */
  credentials: string[];
  /** Kept in the browser, where the panel explains them; masked in what leaves it. */
  tokens: string[];
} {
  const exchange = makeExchange({
    id: 'x',
    url: `https://alice:${h.password}@api.test${h.url.path}`,
    status: 401,
    headers: [
      { name: 'WWW-Authenticate', value: `${h.scheme} ${ntlmChallenge(h.names)}` },
      { name: 'WWW-Authenticate', value: 'Basic realm="r"' },
    ],
    retry: {
      credentials: { header: h.header, scheme: 'x', source: 'page', value: h.credentials.value },
      status: 401,
    },
  });
  return {
    exchange,
    credentials: [...h.credentials.secrets, ...h.url.secrets, h.password],
    tokens: [ntlmChallenge(h.names), ...Object.values(h.names)],
  };
}

const options = { includeCredentials: false, now: 0, version: '1' } as const;

describe('what leaves the panel holds no secret unless asked (property)', () => {
  it('redacted exports, Copy as cURL and Copy as JSON', () => {
    fc.assert(
      fc.property(holding, (h) => {
        const { exchange, credentials, tokens } = recordHolding(h);
        const secrets = [...credentials, ...tokens];
        const outputs = [
          exportExchanges([exchange], { ...options, format: 'har' }).text,
          exportExchanges([exchange], { ...options, format: 'authlens' }).text,
          curlCommand(exchange, false),
        ];
        for (const step of exchange.steps) {
          if (step.kind !== 'response') continue;
          for (const field of step.fields) {
            field.challenges.forEach((_, i) => outputs.push(challengeJson(field, i)));
          }
        }
        for (const output of outputs) for (const s of secrets) expect(output).not.toContain(s);
        // Asked for, they are there: revealing is an opt-in, not a loss.
        const revealed = exportExchanges([exchange], {
          ...options,
          format: 'authlens',
          includeCredentials: true,
        }).text;
        expect(revealed).toContain(JSON.stringify(h.credentials.value).slice(1, -1));
      }),
      { numRuns: 60 },
    );
  });

  it('importing a file of secrets keeps none of them', () => {
    fc.assert(
      fc.property(holding, cookieValue, smuggled, (h, cookie, key) => {
        const { exchange, credentials, tokens } = recordHolding(h);
        const url = `https://alice:${h.password}@api.test${h.url.path}`;
        const har = {
          log: {
            entries: [
              {
                startedDateTime: '2026-01-01T00:00:00.000Z',
                time: 1,
                _initiator: { type: 'script', url },
                request: {
                  method: 'GET',
                  url,
                  headers: [
                    { name: h.header, value: h.credentials.value },
                    { name: 'Cookie', value: cookie.value },
                  ],
                  cookies: [{ name: 'session', value: cookie.secrets[0] }],
                },
                response: {
                  status: 401,
                  headers: [
                    { name: 'WWW-Authenticate', value: 'Bearer realm="r"' },
                    { name: 'Set-Cookie', value: cookie.value },
                  ],
                  cookies: [{ name: 'session', value: cookie.secrets[0] }],
                  redirectURL: '',
                },
              },
            ],
          },
        };
        // An AuthLens file made with credentials included, then edited to smuggle a key in as a
        // scheme: imported, it keeps what capture keeps. (A key shaped like a scheme name — one
        // short word of letters — cannot be told from one, and is kept as a scheme: SECURITY.md.)
        const document = JSON.parse(
          exportExchanges([exchange], { ...options, format: 'authlens', includeCredentials: true })
            .text,
        );
        document.exchanges[0].steps[0].credentials = [
          { header: 'Authorization', scheme: key, source: 'page' },
        ];
        for (const [text, name] of [
          [JSON.stringify(har), 'a.har'],
          [JSON.stringify(document), 'a.authlens.json'],
        ] as const) {
          const imported = importText(text, name);
          expect(imported.exchanges).toHaveLength(1);
          // The handshake token and its names stay in the browser by design; a random secret can
          // collide with a run of the token's base64, so they are taken out before looking.
          const kept = tokens.reduce(
            (text, token) => text.split(token).join(''),
            JSON.stringify(imported.exchanges),
          );
          for (const s of [...credentials, ...cookie.secrets, key]) expect(kept).not.toContain(s);
          expect(kept).not.toMatch(/cookie/i);
        }
      }),
      { numRuns: 60 },
    );
  });
});
