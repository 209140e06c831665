import { describe, expect, it } from 'vitest';
import { inferred, lastResponse, observed, type Exchange, type RequestStep } from './exchange.ts';
import {
  ANSWER_UNKNOWN,
  PROMPT_ANSWER_WINDOW_MS,
  advanceExchange,
  answersPrompt,
  applySighting,
  awaitedAnswer,
  contextStep,
  deriveOutcome,
  promptClosed,
  resumeAfterPrompt,
  startExchange,
} from './exchange-reducer.ts';
import type { Observation } from './observation.ts';

const base = {
  requestId: '5',
  tabId: 1,
  frameId: 0,
  url: 'http://127.0.0.1/basic',
  method: 'GET',
  type: 'main_frame',
  initiator: null,
};
type Obs<K extends Observation['kind']> = Extract<Observation, { kind: K }>;
const response = (
  statusCode: number,
  headers: Array<[string, string]>,
  at: number,
): Obs<'response'> => ({
  ...base,
  kind: 'response',
  at,
  statusCode,
  statusLine: `HTTP/1.1 ${statusCode}`,
  fromCache: false,
  headers: headers.map(([name, value]) => ({ name, value })),
  relevant: statusCode === 401 || headers.length > 0,
});
const completed = (statusCode: number, at: number): Obs<'completed'> => ({
  ...base,
  kind: 'completed',
  statusLine: '',
  headers: [],
  at,
  statusCode,
});

describe('exchange reducer', () => {
  it('groups challenge → browser retry → success with Authentication-Info into one exchange', () => {
    let x = startExchange(
      response(401, [['WWW-Authenticate', 'Digest realm="lab", nonce="n", qop="auth"']], 10),
      [],
    );
    expect(x.outcome).toBe('pending');
    x = advanceExchange(x, {
      ...base,
      kind: 'auth-required',
      at: 11,
      scheme: 'digest',
      realm: 'lab',
      isProxy: false,
      challenger: '127.0.0.1:80',
    });
    x = advanceExchange(
      x,
      response(200, [['Authentication-Info', 'nextnonce="m", qop=auth, rspauth="r"']], 12),
    );
    x = advanceExchange(x, completed(200, 13));
    expect(x.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'auth-required',
      'request',
      'response',
      'completed',
    ]);
    expect(x.steps[3]).toMatchObject({
      credentials: [
        {
          header: 'Authorization',
          scheme: 'Digest',
          source: 'browser',
          evidence: { basis: 'inferred' },
        },
      ],
    });
    expect(x.outcome).toBe('authenticated');
    const info = x.steps[4]!.kind === 'response' ? x.steps[4]!.fields[0]! : undefined;
    expect(info?.params.map((p) => p.name)).toEqual(['nextnonce', 'qop', 'rspauth']);
  });

  it('infers the browser retry from the challenge offered when onAuthRequired did not fire', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    x = advanceExchange(x, response(401, [['WWW-Authenticate', 'Basic realm="x"']], 2));
    x = advanceExchange(x, completed(401, 3));
    expect(x.steps[2]).toMatchObject({
      kind: 'request',
      credentials: [{ scheme: 'Basic', source: 'browser', evidence: { basis: 'inferred' } }],
    });
    expect(x.outcome).toBe('rejected');
  });

  it('keeps page-set credentials of the retry as the page sent them', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Bearer realm="api"']], 1), []);
    x = advanceExchange(x, {
      ...base,
      kind: 'request',
      at: 2,
      credentials: [
        { header: 'Authorization', scheme: 'Bearer', source: 'page', evidence: observed },
      ],
    });
    expect(x.steps.at(-1)).toMatchObject({ credentials: [{ source: 'page', scheme: 'Bearer' }] });
  });

  it('keeps the redirect chain that led to the challenge as context', () => {
    const hops = [
      contextStep({
        ...base,
        kind: 'redirect',
        at: 1,
        url: 'http://127.0.0.1/sso/start',
        redirectUrl: 'http://127.0.0.1/sso/idp',
        statusCode: 302,
      })!,
      contextStep({
        ...base,
        kind: 'redirect',
        at: 2,
        url: 'http://127.0.0.1/sso/idp',
        redirectUrl: 'http://127.0.0.1/sso/protected',
        statusCode: 302,
      })!,
    ];
    const x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="sso"']], 3), hops);
    expect(x.url).toBe('http://127.0.0.1/sso/start');
    expect(x.startedAt).toBe(1);
    expect(x.steps.map((s) => s.kind)).toEqual(['request', 'redirect', 'redirect', 'response']);
  });

  it('diagnoses each response in its exchange: a 401 without a challenge is a finding', () => {
    const x = startExchange(response(401, [], 1), []);
    const step = x.steps[1]!;
    expect(step.kind === 'response' && step.diagnostics.map((d) => d.code)).toEqual([
      '401-without-challenge',
    ]);
  });

  it('passes whether the request carried credentials to the diagnostics', () => {
    const withToken = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [
          { header: 'Authorization', scheme: 'Bearer', source: 'page', evidence: observed },
        ],
      })!,
    ];
    const x = startExchange(
      response(401, [['WWW-Authenticate', 'Bearer error="invalid_token"']], 1),
      withToken,
    );
    const step = x.steps[1]!;
    expect(
      step.kind === 'response' && step.fields[0]!.diagnostics.map((d) => d.code),
    ).not.toContain('bearer-error-without-credentials');
  });

  it('does not mutate the exchange it advances', () => {
    const x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    const frozen = JSON.stringify(x);
    advanceExchange(x, completed(401, 2));
    expect(JSON.stringify(x)).toBe(frozen);
  });

  it('derives each outcome from the steps', () => {
    const r = (s: number) =>
      response(s, s === 401 ? [['WWW-Authenticate', 'Basic realm="x"']] : [], 0);
    const steps = (...list: Observation[]) =>
      list.reduce((x, o) => advanceExchange(x, o), startExchange(r(401), [])).steps;
    expect(deriveOutcome(steps()).outcome).toBe('pending');
    expect(deriveOutcome(steps(completed(401, 1))).outcome).toBe('challenged');
    expect(deriveOutcome(steps(r(200), completed(200, 1))).outcome).toBe('authenticated');
    expect(deriveOutcome(steps(r(401), completed(401, 1))).outcome).toBe('rejected');
    expect(
      deriveOutcome(
        steps({ ...base, kind: 'error', at: 1, error: 'net::ERR_INVALID_AUTH_CREDENTIALS' }),
      ).outcome,
    ).toBe('challenged');
    expect(deriveOutcome(steps(r(500), completed(500, 1))).outcome).toBe('failed');
    expect(
      deriveOutcome([{ kind: 'error', at: 1, error: 'net::ERR_CONNECTION_REFUSED' }]).outcome,
    ).toBe('failed');
  });
});

describe('answers Chrome gives without showing the challenge', () => {
  it('reads Authentication-Info on a first response as a silent Digest answer', () => {
    let x = startExchange(
      response(
        200,
        [['Authentication-Info', 'nextnonce="n", qop=auth, rspauth="r", cnonce="c", nc=00000001']],
        1,
      ),
      [],
    );
    x = advanceExchange(x, completed(200, 2));
    expect(x.steps[0]).toMatchObject({
      kind: 'request',
      credentials: [
        {
          header: 'Authorization',
          scheme: 'Digest',
          source: 'browser',
          evidence: { basis: 'inferred' },
        },
      ],
    });
    expect(x.outcome).toBe('authenticated');
  });

  it('leaves page-set credentials alone', () => {
    const sent = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [
          { header: 'Authorization', scheme: 'Digest', source: 'page', evidence: observed },
        ],
      })!,
    ];
    const x = startExchange(response(200, [['Authentication-Info', 'rspauth="r"']], 1), sent);
    expect(x.steps[0]).toMatchObject({ credentials: [{ source: 'page', evidence: observed }] });
  });
});

describe("Chrome's own retry seen only through its completion", () => {
  it('adds the retry and its response from the completion after a challenge (extraHeaders mode)', () => {
    let x = startExchange(
      response(401, [['WWW-Authenticate', 'Digest realm="lab", nonce="n", qop="auth"']], 1),
      [],
    );
    x = advanceExchange(x, {
      ...completed(200, 2),
      statusLine: 'HTTP/1.1 200 OK',
      headers: [{ name: 'Authentication-Info', value: 'rspauth="r", nextnonce="m"' }],
    });
    expect(x.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'request',
      'response',
      'completed',
    ]);
    expect(x.steps[2]).toMatchObject({
      credentials: [{ scheme: 'Digest', source: 'browser', evidence: { basis: 'inferred' } }],
    });
    expect(x.outcome).toBe('authenticated');
    expect(lastResponse(x)!.fields[0]!.name).toBe('Authentication-Info');
  });

  it('adds nothing when the completion repeats the last status', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    x = advanceExchange(x, completed(401, 2));
    expect(x.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
  });
});

describe('outcomes of page-set credentials', () => {
  it('calls a challenge in answer to the page’s own credentials a rejection', () => {
    const sent = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [
          { header: 'Authorization', scheme: 'Basic', source: 'page', evidence: observed },
        ],
      })!,
    ];
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), sent);
    x = advanceExchange(x, completed(401, 2));
    expect(x.outcome).toBe('rejected');
  });
});

describe('login prompts a page load answers with a new request', () => {
  const basic: Array<[string, string]> = [['WWW-Authenticate', 'Basic realm="lab"']];
  const asked = (at: number): Observation => ({
    ...base,
    kind: 'auth-required',
    at,
    scheme: 'basic',
    realm: 'lab',
    isProxy: false,
    challenger: '127.0.0.1:80',
  });
  /** A request of its own (Chrome's answer) that gets `status`, asks again on a 401, completes. */
  const answer = (x: Exchange, status: number, at: number): Exchange => {
    const reply = { ...response(status, status === 401 ? basic : [], at), requestId: `r${at}` };
    const joined = answersPrompt(x, reply);
    expect(joined).toMatchObject({ basis: 'inferred' });
    let next = resumeAfterPrompt(x, reply, joined!);
    if (status === 401) next = advanceExchange(next, asked(at + 1));
    return advanceExchange(next, completed(status, at + 2));
  };
  const prompted = () =>
    advanceExchange(
      advanceExchange(startExchange(response(401, basic, 10), []), asked(11)),
      completed(401, 12),
    );
  const answers = (x: Exchange) =>
    x.steps.filter((s): s is RequestStep => s.kind === 'request' && s.answer !== undefined);

  it('awaits the answer while Chrome shows its prompt, and says so', () => {
    const x = prompted();
    expect(awaitedAnswer(x)).toEqual({ url: base.url, askedAt: 11 });
    expect(x.outcome).toBe('challenged');
    expect(x.outcomeEvidence).toMatchObject({ basis: 'inferred' });
  });

  it('takes only the same frame loading the same URL from the same initiator, soon', () => {
    const x = prompted();
    const reply = response(200, [], 5000);
    expect(answersPrompt(x, reply)?.basis).toBe('inferred');
    expect(answersPrompt(x, { ...reply, initiator: 'http://elsewhere' })).toBeNull();
    expect(answersPrompt(x, { ...reply, frameId: 3 })).toBeNull();
    expect(answersPrompt(x, { ...reply, method: 'POST' })).toBeNull();
    expect(answersPrompt(x, { ...reply, url: `${base.url}?again` })).toBeNull();
    expect(answersPrompt(x, { ...reply, at: 11 + PROMPT_ANSWER_WINDOW_MS + 1 })).toBeNull();
  });

  it('never awaits a new request for a prompt within one request (XHR) or without a prompt', () => {
    const xhr = advanceExchange(
      advanceExchange(startExchange({ ...response(401, basic, 1), type: 'xmlhttprequest' }, []), {
        ...asked(2),
        type: 'xmlhttprequest',
      }),
      { ...completed(401, 3), type: 'xmlhttprequest' },
    );
    expect(awaitedAnswer(xhr)).toBeNull();
    const unprompted = advanceExchange(
      startExchange(response(401, basic, 1), []),
      completed(401, 2),
    );
    expect(awaitedAnswer(unprompted)).toBeNull();
  });

  it('cancel: the answer stays unknown, and so does the outcome’s reason', () => {
    const x = answer(prompted(), 401, 20);
    const [retry] = answers(x);
    expect(retry).toMatchObject({
      credentials: [],
      evidence: { basis: 'inferred' },
      answer: { kind: 'unknown', evidence: { basis: 'inferred', reason: ANSWER_UNKNOWN } },
    });
    expect(x.outcome).toBe('challenged');
    expect(x.outcomeEvidence).toMatchObject({ basis: 'inferred' });
    expect(JSON.stringify(x.outcomeEvidence)).toMatch(/cancelled it, or sent credentials/);
  });

  it('wrong then right: Chrome asking again and the 200 each decide an answer', () => {
    const x = answer(answer(prompted(), 401, 20), 200, 30);
    const [wrong, right] = answers(x);
    expect(wrong!.answer).toMatchObject({ kind: 'credentials', evidence: { basis: 'inferred' } });
    expect(JSON.stringify(wrong!.answer)).toMatch(/asked again/);
    expect(wrong!.credentials).toMatchObject([
      { header: 'Authorization', scheme: 'Basic', source: 'browser' },
    ]);
    expect(right!.answer).toMatchObject({ kind: 'credentials', evidence: { basis: 'inferred' } });
    expect(JSON.stringify(right!.answer)).toMatch(/answered this retry with 200/);
    expect(x.outcome).toBe('authenticated');
    expect(x.outcomeEvidence).toMatchObject({ basis: 'inferred' });
    expect(awaitedAnswer(x)).toBeNull();
  });

  it('wrong then cancel: the first answer is known, the last is not', () => {
    const x = answer(answer(prompted(), 401, 20), 401, 30);
    expect(answers(x).map((r) => r.answer!.kind)).toEqual(['credentials', 'unknown']);
    expect(x.outcome).toBe('challenged');
  });

  it('a page shown after the answer means Cancel, on that evidence', () => {
    const because = inferred('The page then loaded /lab.css.');
    const x = promptClosed(answer(prompted(), 401, 20), because);
    expect(answers(x)[0]!.answer).toEqual({ kind: 'cancelled', evidence: because });
    expect(x.outcome).toBe('challenged');
    expect(x.outcomeEvidence).toEqual(because);
    expect(awaitedAnswer(x)).toBeNull();
    // Nothing to close before the user answered.
    const open = prompted();
    expect(promptClosed(open, because)).toBe(open);
  });

  it("DevTools' network log turns the answer into an observation", () => {
    const wrong = answer(prompted(), 401, 20);
    const seen = (status: number, at: number, scheme?: string) => ({
      url: base.url,
      method: 'GET',
      startedAt: at - 5,
      endedAt: at + 1,
      status,
      credentials: scheme
        ? [
            {
              header: 'Authorization' as const,
              scheme,
              source: 'page' as const,
              evidence: observed,
            },
          ]
        : [],
    });
    const cancelled = applySighting(wrong, seen(401, 20))!;
    expect(answers(cancelled)[0]!.answer).toEqual({ kind: 'cancelled', evidence: observed });
    expect(cancelled.outcomeEvidence).toEqual(observed);

    const right = answer(wrong, 200, 30);
    const confirmed = applySighting(right, seen(200, 30, 'Basic'))!;
    expect(answers(confirmed)[1]).toMatchObject({
      answer: { kind: 'credentials', evidence: observed },
      credentials: [
        { header: 'Authorization', scheme: 'Basic', source: 'browser', evidence: observed },
      ],
    });
    expect(confirmed.outcome).toBe('authenticated');
    expect(confirmed.outcomeEvidence).toEqual(observed);

    // Not about any request of the exchange: another status, another time, another method.
    expect(applySighting(right, seen(500, 30))).toBeNull();
    expect(applySighting(right, seen(200, 30_000))).toBeNull();
    expect(applySighting(right, { ...seen(200, 30), method: 'POST' })).toBeNull();
  });
});

describe('a prompt answered within one request (XHR, fetch)', () => {
  const basic: Array<[string, string]> = [['WWW-Authenticate', 'Basic realm="lab"']];
  const xhr = { type: 'xmlhttprequest' };
  const asked = (at: number): Observation => ({
    ...base,
    ...xhr,
    kind: 'auth-required',
    at,
    scheme: 'basic',
    realm: 'lab',
    isProxy: false,
    challenger: '127.0.0.1:80',
  });

  it('Chrome asking again shows a refused retry extensions did not see', () => {
    let x = startExchange({ ...response(401, basic, 1), ...xhr }, []);
    x = advanceExchange(x, asked(2));
    x = advanceExchange(x, asked(3));
    x = advanceExchange(x, { ...completed(200, 4), ...xhr, statusLine: 'HTTP/1.1 200 OK' });
    expect(x.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'auth-required',
      'request',
      'auth-required',
      'request',
      'response',
      'completed',
    ]);
    for (const i of [3, 5]) {
      expect(x.steps[i]).toMatchObject({
        evidence: { basis: 'inferred' },
        credentials: [{ scheme: 'Basic', source: 'browser', evidence: { basis: 'inferred' } }],
      });
    }
    expect(x.outcome).toBe('authenticated');
    expect(x.outcomeEvidence.basis).toBe('inferred');
  });

  it('ending on the challenge right after the prompt reads as a cancel, inferred', () => {
    let x = startExchange({ ...response(401, basic, 1), ...xhr }, []);
    x = advanceExchange(x, asked(2));
    x = advanceExchange(x, { ...completed(401, 3), ...xhr });
    expect(x.outcome).toBe('challenged');
    expect(JSON.stringify(x.outcomeEvidence)).toMatch(/prompt was cancelled/);
  });
});
