// The authlens command's composition root: arguments → files and network → report → exit status.
// The only CLI module that touches process and the file system directly (har-check reads its file).
// Exit status: 0 clean, 1 a diagnostic at or above --fail-on, 2 usage or network error.
import { pathToFileURL } from 'node:url';
import { validateRules, type ExpectationRule } from '../core/index.ts';
import { visibleText } from '../shared/visible-text.ts';
import { version } from '../../package.json';
import { parseArgs, UsageError, type Command } from './args.ts';
import { checkUrl } from './check-url.ts';
import { checkHar } from './har-check.ts';
import { parseValues } from './parse-values.ts';
import { readJsonFile } from './read-json.ts';
import { formatCheckReport, formatParseReport, makeStyle } from './report.ts';
import { buildReport, exitStatus, type UrlResult } from './result.ts';
import { usage } from './usage.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  colour: boolean;
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  // Node's own answer for a terminal: honours NO_COLOR, FORCE_COLOR, NODE_DISABLE_COLORS, TERM=dumb.
  colour: process.stdout.isTTY === true && process.stdout.hasColors(),
};

/** At most this many URLs are probed at once: enough for CI, gentle on a staging server. */
const CONCURRENCY = 4;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await run(parseArgs(argv), io);
  } catch (error) {
    // Messages quote URLs, file content and header text: shown escaped, as the reports are.
    if (error instanceof UsageError) {
      io.stderr(`authlens: ${visibleText(error.message)}\n`);
      return 2;
    }
    const text = (error as Error)?.stack ?? String(error);
    io.stderr(`authlens: unexpected failure: ${text.split('\n').map(visibleText).join('\n')}\n`);
    return 2;
  }
}

async function run(command: Command, io: Io): Promise<number> {
  const style = makeStyle(io.colour);
  switch (command.kind) {
    case 'help':
      io.stdout(usage);
      return 0;
    case 'version':
      io.stdout(`authlens ${version}\n`);
      return 0;
    case 'parse': {
      const report = parseValues(command.values, { status: command.status, url: command.url });
      io.stdout(
        command.json ? `${JSON.stringify(report, null, 2)}\n` : formatParseReport(report, style),
      );
      const all = report.values.flatMap((v) => v.diagnostics);
      const failing = all.filter(
        (d) => d.severity === 'error' || (command.failOn === 'warning' && d.severity === 'warning'),
      );
      return failing.length > 0 ? 1 : 0;
    }
    case 'check': {
      for (const url of command.urls) checkUrlArg(url);
      const rules = command.expect === null ? [] : await loadRules(command.expect);
      // The HAR first: a file that is not one is a usage error, reported before any network use.
      const har = command.har === null ? null : await checkHar(command.har, rules);
      const headers = command.headers;
      const results: UrlResult[] = new Array(command.urls.length);
      let next = 0;
      const worker = async () => {
        while (next < command.urls.length) {
          const i = next++;
          results[i] = await checkUrl(command.urls[i]!, {
            headers,
            timeout: command.timeout,
            rules,
            followMetadata: command.followMetadata,
            userAgent: `authlens/${version}`,
          });
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, command.urls.length) }, worker));
      if (har) results.push(...har.results);
      const report = buildReport(results, har?.problems ?? []);
      io.stdout(
        command.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report, style),
      );
      for (const r of results) {
        if (r.error !== null) io.stderr(`authlens: ${visibleText(r.error)}\n`);
      }
      return exitStatus(report, command.failOn);
    }
  }
}

function checkUrlArg(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a valid URL: "${url}" (give an absolute http:// or https:// URL)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`not an http(s) URL: "${url}"`);
  }
}

async function loadRules(path: string): Promise<ExpectationRule[]> {
  const json = await readJsonFile(path);
  const result = validateRules(json);
  if ('errors' in result) {
    const n = result.errors.length;
    throw new UsageError(
      `${path} is not a valid rules file (${n} problem${n === 1 ? '' : 's'}): ${result.errors.map((e) => e.message).join('; ')}`,
    );
  }
  return result.rules;
}

// Run when executed directly (tsx src/cli/main.ts, node dist-cli/authlens.mjs); bin/authlens.js
// imports the bundle and calls main itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
