// Checks a HAR file offline: the exchanges the shared HAR reader finds, diagnosed as captured,
// with the expectation rules applied to each exchange's first response (the one that answered
// the original request). Reads the file; a file that is not a HAR is a usage error.
import { checkExpectations, type ExpectationRule } from '../core/index.ts';
import { exchangesFromHar } from '../shared/har-read.ts';
import type { Exchange, ResponseStep } from '../shared/exchange.ts';
import { UsageError } from './args.ts';
import { readJsonFile } from './read-json.ts';
import { diagnosticOut, fieldsOut, type UrlResult } from './result.ts';

export async function checkHar(
  path: string,
  rules: readonly ExpectationRule[],
): Promise<{ results: UrlResult[]; problems: string[] }> {
  const json = await readJsonFile(path);
  const { exchanges, problems } = exchangesFromHar(json, { source: path });
  if (exchanges.length === 0 && problems[0]?.startsWith('Not a HAR file')) {
    throw new UsageError(`${path}: ${problems[0]}`);
  }
  return { results: exchanges.map((e) => resultOf(e, rules)), problems };
}

function resultOf(exchange: Exchange, rules: readonly ExpectationRule[]): UrlResult {
  const responses = exchange.steps.filter((s): s is ResponseStep => s.kind === 'response');
  const result: UrlResult = {
    url: exchange.url,
    finalUrl: responses.at(-1)?.url ?? exchange.url,
    status: responses.at(-1)?.statusCode ?? null,
    redirects: exchange.steps.flatMap((s) =>
      s.kind === 'redirect' ? [{ status: s.statusCode, from: s.url, to: s.redirectUrl }] : [],
    ),
    fields: [],
    challenges: [],
    diagnostics: [],
    error: null,
  };
  for (const response of responses) {
    const { fields, challenges, diagnostics } = fieldsOut(response.fields, response.diagnostics);
    const offset = result.challenges.length;
    result.fields.push(...fields);
    result.challenges.push(...challenges);
    result.diagnostics.push(
      ...diagnostics.map((d) =>
        d.challenge === undefined ? d : { ...d, challenge: d.challenge + offset },
      ),
    );
  }
  const first = responses[0];
  if (first) {
    const field = first.statusCode === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const offered = first.fields.find((f) => f.name === field)?.challenges ?? [];
    const offset = result.challenges.findIndex((c) => c.field === field);
    const found = checkExpectations(rules, {
      url: first.url,
      requestedUrl: exchange.url,
      statusCode: first.statusCode,
      challenges: offered,
    });
    result.diagnostics.push(...found.map((d) => diagnosticOut(d, field, Math.max(offset, 0))));
  }
  return result;
}
