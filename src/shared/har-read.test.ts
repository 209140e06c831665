import { describe, expect, it } from 'vitest';
import {
  challengesOf,
  diagnosticsOf,
  inferred,
  lastResponse,
  observed,
  type Exchange,
} from './exchange.ts';
import {
  advanceExchange,
  answersPrompt,
  applySighting,
  contextStep,
  promptClosed,
  resumeAfterPrompt,
  startExchange,
} from './exchange-reducer.ts';
import { exchangesToHar } from './har-write.ts';
import { entry, har, www } from './har-fixtures.ts';
import { exchangesFromHar, exchangesFromHarText } from './har-read.ts';
import type { Observation, ResponseObservation } from './observation.ts';

describe('exchangesFromHar', () => {
  it('keeps each repeated WWW-Authenticate entry of a Chrome HAR as its own field line', () => {
    const { exchanges, problems } = exchangesFromHar(
      har(
        entry('https://a.example/x', 401, [
          www('Negotiate'),
          { name: 'content-type', value: 'text/html' },
          www('Basic realm="a"'),
        ]),
      ),
      { source: 'devtools.har' },
    );
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(1);
    const exchange = exchanges[0]!;
    expect(exchange.id).toBe('import:1');
    expect(exchange.imported).toBe('devtools.har');
    expect(exchange.outcome).toBe('challenged');
    expect(exchange.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
    expect(lastResponse(exchange)!.fields[0]!.lines).toEqual(['Negotiate', 'Basic realm="a"']);
    expect(challengesOf(exchange).map((c) => c.scheme)).toEqual(['Negotiate', 'Basic']);
  });

  it('imports only entries with an auth field or a 401/407', () => {
    const { exchanges } = exchangesFromHar(
      har(
        entry('https://a.example/page', 200, [{ name: 'Content-Type', value: 'text/html' }]),
        entry('https://a.example/missing', 401, []),
        entry('https://a.example/ok', 200, [{ name: 'Authentication-Info', value: 'rspauth="x"' }]),
        entry('https://proxy.example/', 407, [{ name: 'Proxy-Authenticate', value: 'Basic' }]),
      ),
    );
    expect(exchanges.map((e) => e.url)).toEqual([
      'https://a.example/missing',
      'https://a.example/ok',
      'https://proxy.example/',
    ]);
    expect(diagnosticsOf(exchanges[0]!).map((d) => d.code)).toContain('401-without-challenge');
    // As live: Authentication-Info answers credentials the request does not show (inferred).
    expect(exchanges[1]!.outcome).toBe('authenticated');
    expect(exchanges[1]!.outcomeEvidence.basis).toBe('inferred');
  });

  it('reports bad entries in one line each and keeps the good ones', () => {
    const bad = entry('https://a.example/b', 401, []) as { response: { headers: unknown } };
    bad.response.headers = 'WWW-Authenticate: Basic';
    const { exchanges, problems } = exchangesFromHar(
      har(
        42,
        { request: {} },
        { request: { url: 'https://a.example/c', method: 'GET' } },
        entry('https://a.example/blocked', 0, []),
        bad,
        entry('https://a.example/good', 401, [www('Basic realm="r"')]),
      ),
    );
    expect(exchanges.map((e) => e.url)).toEqual(['https://a.example/good']);
    expect(problems).toEqual([
      'Entry 1: not an object; skipped.',
      'Entry 2: no request URL; skipped.',
      'Entry 3 (GET https://a.example/c): no response status; skipped.',
      'Entry 4 (GET https://a.example/blocked): status 0, the request got no response; skipped.',
      'Entry 5 (GET https://a.example/b): response.headers is not an array; skipped.',
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, undefined, 3, 'x', [], {}, { log: {} }, { log: { entries: {} } }]) {
      const result = exchangesFromHar(input);
      expect(result.exchanges).toEqual([]);
      expect(result.problems).toEqual(['Not a HAR file: there is no "log.entries" array.']);
    }
    expect(exchangesFromHar(har()).problems).toEqual([]);
  });

  it('caps the problem list so a broken file does not flood the report', () => {
    const { problems } = exchangesFromHar(har(...Array.from({ length: 120 }, () => null)));
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe('…and 70 more problems.');
  });

  it('chains redirects (relative Location too) into one exchange with redirect steps', () => {
    const { exchanges } = exchangesFromHar(
      har(
        entry('http://a.example/start', 301, [{ name: 'Location', value: 'https://a.example/s' }], {
          redirectURL: 'https://a.example/s',
        }),
        entry('https://a.example/s', 302, [], { redirectURL: '/api' }),
        entry('https://a.example/api', 401, [www('Bearer realm="api"')]),
      ),
    );
    expect(exchanges).toHaveLength(1);
    const e = exchanges[0]!;
    expect(e.url).toBe('http://a.example/start');
    expect(e.steps.map((s) => s.kind)).toEqual([
      'request',
      'redirect',
      'redirect',
      'response',
      'completed',
    ]);
    expect(e.steps[2]).toMatchObject({
      url: 'https://a.example/s',
      redirectUrl: 'https://a.example/api',
    });
  });

  it('pairs a challenge with its retry: authenticated, or rejected', () => {
    const auth = { requestHeaders: [{ name: 'Authorization', value: 'Basic dTpw' }] };
    const { exchanges } = exchangesFromHar(
      har(
        entry('https://a.example/x', 401, [www('Basic realm="r"')]),
        entry('https://a.example/x', 200, [], auth),
        entry('https://a.example/y', 401, [www('Basic realm="r"')]),
        entry('https://a.example/y', 401, [www('Basic realm="r"')], auth),
      ),
    );
    expect(exchanges.map((e) => e.outcome)).toEqual(['authenticated', 'rejected']);
    const request = exchanges[0]!.steps[3]!;
    // The file's retry joins the exchange by inference; what it carried is what the file shows.
    expect(request).toEqual({
      kind: 'request',
      at: expect.any(Number),
      url: 'https://a.example/x',
      credentials: [
        {
          header: 'Authorization',
          scheme: 'Basic',
          source: 'browser',
          evidence: { basis: 'observed' },
        },
      ],
      evidence: { basis: 'inferred', reason: expect.stringMatching(/retry of the challenge/) },
    });
  });

  it('keeps credential values only when asked to reveal them', () => {
    const input = har(
      entry('https://a.example/x', 401, [www('Bearer error="invalid_token"')], {
        requestHeaders: [{ name: 'authorization', value: 'Bearer secret' }],
      }),
    );
    const hidden = exchangesFromHar(input).exchanges[0]!.steps[0]!;
    expect(JSON.stringify(hidden)).not.toContain('secret');
    const shown = exchangesFromHar(input, { revealCredentials: true }).exchanges[0]!.steps[0]!;
    expect(shown).toMatchObject({ credentials: [{ scheme: 'Bearer', value: 'Bearer secret' }] });
  });

  it('reads a 10 MB HAR with thousands of entries in reasonable time', () => {
    const filler = 'x'.repeat(4000);
    const entries = Array.from({ length: 2500 }, (_, i) =>
      i % 10 === 0
        ? entry(`https://a.example/${i}`, 401, [www('Basic realm="r"')])
        : {
            ...entry(`https://a.example/${i}`, 200, [{ name: 'X-Filler', value: filler }]),
          },
    );
    const text = JSON.stringify(har(...entries));
    expect(text.length).toBeGreaterThan(10_000_000);
    const started = Date.now();
    const { exchanges, problems } = exchangesFromHar(JSON.parse(text));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(250);
  });
});

describe('an exported exchange reads back as the exchange recorded', () => {
  // Built with the reducer from the observations the browser edge produces, as the recorder does.
  const page = {
    tabId: 4,
    frameId: 0,
    method: 'GET',
    type: 'main_frame',
    initiator: 'http://127.0.0.1:5177',
  };
  let id = 0;
  const at0 = 1_796_000_000_000;
  const obs = (url: string, at: number, requestId = String(++id)) => ({
    ...page,
    requestId,
    url,
    at: at0 + at,
  });
  const response = (
    url: string,
    at: number,
    status: number,
    headers: Array<[string, string]> = [],
  ): ResponseObservation => ({
    ...obs(url, at),
    kind: 'response',
    statusCode: status,
    statusLine: `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Unauthorized'}`,
    fromCache: false,
    headers: headers.map(([name, value]) => ({ name, value })),
    relevant: true,
  });
  const asked = (url: string, at: number, proxy = false): Observation => ({
    ...obs(url, at),
    kind: 'auth-required',
    scheme: 'basic',
    realm: proxy ? 'lab proxy' : 'lab',
    isProxy: proxy,
    challenger: proxy ? '127.0.0.1:5178' : '127.0.0.1:5177',
  });
  const completed = (url: string, at: number, status: number, headers = []): Observation => ({
    ...obs(url, at),
    kind: 'completed',
    statusCode: status,
    statusLine: `HTTP/1.1 ${status}`,
    headers,
  });
  const basic: Array<[string, string]> = [['WWW-Authenticate', 'Basic realm="lab"']];
  const proxyBasic: Array<[string, string]> = [['Proxy-Authenticate', 'Basic realm="lab proxy"']];

  /** Challenge, prompt, then one new request per answer (status each), as Chrome loads a page. */
  function promptStory(url: string, statuses: number[], challenge = basic, proxy = false) {
    const status = proxy ? 407 : 401;
    let x = startExchange(response(url, 10, status, challenge), []);
    x = advanceExchange(x, asked(url, 11, proxy));
    x = advanceExchange(x, completed(url, 12, status));
    statuses.forEach((s, i) => {
      const t = 1000 * (i + 1);
      const reply = response(url, t, s, s === status ? challenge : []);
      x = resumeAfterPrompt(x, reply, answersPrompt(x, reply)!);
      if (s === status) x = advanceExchange(x, asked(url, t + 1, proxy));
      x = advanceExchange(x, completed(url, t + 2, s));
    });
    return x;
  }

  const lab = 'http://127.0.0.1:5177';
  const recorded: Exchange[] = [];
  // Wrong then right, the right answer seen in DevTools' network log.
  const wrongRight = promptStory(`${lab}/basic`, [401, 200]);
  recorded.push(
    applySighting(wrongRight, {
      url: `${lab}/basic`,
      method: 'GET',
      startedAt: at0 + 1990,
      endedAt: at0 + 2002,
      status: 200,
      credentials: [
        { header: 'Authorization', scheme: 'Basic', source: 'page', evidence: observed },
      ],
    })!,
  );
  // Cancel, known from the page Chrome then showed.
  recorded.push(
    promptClosed(promptStory(`${lab}/basic`, [401]), inferred('The page then loaded /lab.css.')),
  );
  // Wrong then cancel, nothing else known.
  recorded.push(promptStory(`${lab}/digest`, [401, 401]));
  // The proxy's prompt, wrong then right.
  recorded.push(promptStory(`${lab}/proxy`, [407, 200], proxyBasic, true));
  // A redirect chain that ends in a challenge.
  {
    const chainId = 'chain';
    const context = [
      contextStep({
        ...obs(`${lab}/sso/start`, 1, chainId),
        kind: 'redirect',
        statusCode: 302,
        redirectUrl: `${lab}/sso/idp`,
      })!,
      contextStep({
        ...obs(`${lab}/sso/idp`, 2, chainId),
        kind: 'redirect',
        statusCode: 302,
        redirectUrl: `${lab}/sso/protected`,
      })!,
    ];
    let x = startExchange(response(`${lab}/sso/protected`, 3, 401, basic), context);
    x = advanceExchange(x, completed(`${lab}/sso/protected`, 4, 401));
    recorded.push(x);
  }
  // An XHR answered within one request: asked twice, then the completion says 200.
  {
    const xhr = { type: 'xmlhttprequest' };
    let x = startExchange({ ...response(`${lab}/basic`, 1, 401, basic), ...xhr }, []);
    x = advanceExchange(x, { ...asked(`${lab}/basic`, 2), ...xhr });
    x = advanceExchange(x, { ...asked(`${lab}/basic`, 3), ...xhr });
    x = advanceExchange(x, { ...completed(`${lab}/basic`, 4, 200), ...xhr });
    recorded.push(x);
  }
  // The page's own Bearer token, refused.
  {
    const sent = contextStep({
      ...obs(`${lab}/bearer`, 1, 'bearer'),
      kind: 'request',
      credentials: [
        { header: 'Authorization', scheme: 'Bearer', source: 'page', evidence: observed },
      ],
    })!;
    let x = startExchange(
      response(`${lab}/bearer`, 2, 401, [['WWW-Authenticate', 'Bearer error="invalid_token"']]),
      [sent],
    );
    x = advanceExchange(x, completed(`${lab}/bearer`, 3, 401));
    recorded.push(x);
  }
  // Digest answered silently: only Authentication-Info shows it.
  {
    let x = startExchange(
      response(`${lab}/digest`, 1, 200, [['Authentication-Info', 'rspauth="r", nextnonce="n"']]),
      [],
    );
    x = advanceExchange(x, completed(`${lab}/digest`, 2, 200));
    recorded.push(x);
  }

  it('gives the same steps, evidence and outcome for every exchange', () => {
    const file = JSON.parse(JSON.stringify(exchangesToHar(recorded, { redacted: true })));
    const { exchanges, problems, unread } = exchangesFromHar(file, { source: 'export.har' });
    expect(problems).toEqual([]);
    expect(unread).toBe(0);
    expect(exchanges).toHaveLength(recorded.length);
    exchanges.forEach((back, i) => {
      const live = recorded[i]!;
      expect({ url: back.url, method: back.method, startedAt: back.startedAt }).toEqual({
        url: live.url,
        method: live.method,
        startedAt: live.startedAt,
      });
      expect(back.steps).toEqual(live.steps);
      expect([back.outcome, back.outcomeEvidence]).toEqual([live.outcome, live.outcomeEvidence]);
    });
    // The stories are what they claim to be.
    expect(recorded.map((x) => x.outcome)).toEqual([
      'authenticated',
      'challenged',
      'challenged',
      'authenticated',
      'challenged',
      'authenticated',
      'rejected',
      'authenticated',
    ]);
    expect(recorded[0]!.outcomeEvidence).toEqual(observed);
  });

  it('never writes an inferred credential as a header someone saw', () => {
    const file = exchangesToHar([recorded[3]!], { redacted: true });
    const sent = file.log.entries.flatMap((e) => e.request.headers.map((h) => h.name));
    expect(sent).toEqual([]);
  });
});

describe('a file too large to import whole', () => {
  it('stops building at the limit and says how many entries it did not read', () => {
    const entries = Array.from({ length: 2500 }, (_, i) =>
      entry(`https://a.example/${i}`, 401, [www('Basic realm="r"')]),
    );
    const { exchanges, unread } = exchangesFromHar(har(...entries), { maxExchanges: 1000 });
    expect(exchanges).toHaveLength(1000);
    expect(exchanges.at(-1)!.url).toBe('https://a.example/999');
    expect(unread).toBe(1500);
  });
});

describe('reading from the text, entry by entry', () => {
  it('gives what reading the parsed file gives, and reports an entry that does not parse', () => {
    const file = har(
      entry('https://a.example/x', 401, [www('Basic realm="r"')]),
      entry('https://a.example/x', 200, [], {
        requestHeaders: [{ name: 'Authorization', value: 'Basic dTpw' }],
      }),
      entry('https://a.example/y', 401, [www('Bearer realm="api"')]),
    );
    const text = JSON.stringify(file, null, 1);
    expect(exchangesFromHarText(text)).toEqual(exchangesFromHar(file));
    const broken = text.replace('"https://a.example/y"', '"https://a.example/y" oops');
    const result = exchangesFromHarText(broken)!;
    expect(result.exchanges).toHaveLength(1);
    expect(result.problems).toEqual(['Entry 3: not valid JSON; skipped.']);
    expect(exchangesFromHarText('{"format":"authlens"}')).toBeNull();
  });
});
