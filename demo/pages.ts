// Server-rendered pages: the index that lists every scenario from the table, and the small bodies
// that go with challenges, successes and errors. All text is escaped by the html template.
import { busyIndexSection } from './busy.ts';
import { html, page, type Html } from './html.ts';
import { SCENARIOS, type Scenario, type ScenarioCase } from './scenarios.ts';
import { BEARER_TOKENS, DEMO_USER } from './users.ts';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
};

export function anchor(path: string): string {
  return path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-');
}

/** Field lines for display: UTF-8 octets decoded, very long lines shortened. */
function displayLine(line: string): string {
  const text = Buffer.from(line, 'latin1').toString('utf8');
  if (text.length <= 240) return text;
  return `${text.slice(0, 120)}… (${line.length} octets in all)`;
}

function caseRow(scenario: Scenario, kase: ScenarioCase): Html {
  const path = kase.path ?? scenario.path;
  const field = kase.field ?? 'WWW-Authenticate';
  const request = Object.entries(kase.request ?? {}).map(([k, v]) => `${k}: ${v}`);
  const lines = kase.lines.map((l) => `${field}: ${displayLine(l)}`);
  if (kase.location) lines.push(`Location: ${kase.location}`);
  let action: Html;
  if (kase.manual) action = html`<span class="note">${kase.manual}</span>`;
  else if (kase.via === 'proxy') action = html`<span class="note">needs the proxy</span>`;
  else {
    action = html`<button
      type="button"
      data-fetch="${path}"
      data-case="${kase.label}"
      data-out="out-${anchor(scenario.path)}"
      data-headers="${JSON.stringify(kase.request ?? {})}"
    >
      fetch
    </button>`;
  }
  return html`<tr>
    <td>${kase.label}${path === scenario.path ? '' : html`<br /><code>${path}</code>`}</td>
    <td><code>${request.length ? request.join('\n') : '(none)'}</code></td>
    <td>${kase.status}</td>
    <td><pre>${lines.length ? lines.join('\n') : '(no challenge)'}</pre></td>
    <td>${action}</td>
  </tr>`;
}

function scenarioSection(scenario: Scenario): Html {
  return html`<section id="${anchor(scenario.path)}">
    <h2>${scenario.title}</h2>
    <p><code>${scenario.path}</code> · <a href="${scenario.path}">open by navigation</a></p>
    <p>${scenario.explanation}</p>
    <table>
      <tr>
        <th>Case</th>
        <th>Request headers</th>
        <th>Status</th>
        <th>Response</th>
        <th></th>
      </tr>
      ${scenario.cases.map((c) => caseRow(scenario, c))}
    </table>
    <output id="out-${anchor(scenario.path)}" aria-live="polite"></output>
  </section>`;
}

export function indexPage(proxyUrl: string): string {
  return page(
    'AuthLens lab',
    html`<h1>AuthLens lab</h1>
      <p>
        A local server that issues real HTTP authentication challenges, for trying AuthLens (open
        DevTools → AuthLens, then use the buttons). “open by navigation” loads the scenario as a
        page, so the browser may show its own login prompt; “fetch” requests it with
        <code>fetch()</code> and <code>credentials: 'omit'</code> and prints the status and
        challenge below as plain text. <code>fetch</code> joins repeated header lines with “, ”.
      </p>
      <h2>Credentials</h2>
      <ul>
        <li>
          Basic, Digest and the proxy: user <code>${DEMO_USER.username}</code>, password
          <code>${DEMO_USER.password}</code>.
        </li>
        <li>
          Bearer tokens:
          ${BEARER_TOKENS.map((t) => html`<code>${t.token}</code> (${t.description}) `)}
        </li>
        <li>Forward proxy: <code>${proxyUrl}</code> (see <a href="/proxy">/proxy</a>).</li>
      </ul>
      <h2 id="reading">Reading the tables</h2>
      <p>
        Each scenario lists its cases: the request headers a case sends, the status the lab answers
        with, and the response's authentication field lines exactly as the lab writes them. Three
        placeholders stand for values that change:
      </p>
      <ul>
        <li><code>{nonce}</code>: a fresh server nonce in every Digest challenge;</li>
        <li><code>{opaque}</code>: the lab's opaque value, the same for its whole run;</li>
        <li><code>{origin}</code>: this lab's own address, e.g. in resource metadata URLs.</li>
      </ul>
      <p>AuthLens shows the values each response really carried.</p>
      <nav>
        <ul>
          ${SCENARIOS.map((s) => html`<li><a href="#${anchor(s.path)}">${s.title}</a></li>`)}
        </ul>
      </nav>
      ${SCENARIOS.map(scenarioSection)} ${busyIndexSection()}
      <script src="/lab.js"></script>`,
  );
}

export function statusPage(status: number, heading: string, paragraphs: readonly string[]): string {
  const title = `${status} ${STATUS_TEXT[status] ?? ''}`.trim();
  return page(
    `${title} · AuthLens lab`,
    html`<h1>${title}</h1>
      <h2>${heading}</h2>
      ${paragraphs.map((p) => html`<p>${p}</p>`)}
      <p><a href="/">Back to the lab index</a></p>`,
  );
}

export function proxyPage(proxyUrl: string, labUrl: string, viaProxy: boolean): string {
  return page(
    'Proxy · AuthLens lab',
    html`<h1>${viaProxy ? 'Reached through the lab proxy' : 'The lab forward proxy'}</h1>
      <p>
        ${
          viaProxy
            ? 'This request came through the lab proxy after it accepted your Proxy-Authorization.'
            : 'You reached this page directly. Configure the proxy below to see the 407 challenge.'
        }
      </p>
      <p>
        Proxy: <code>${proxyUrl}</code> — demands <code>Proxy-Authorization: Basic</code> for
        <code>${DEMO_USER.username}</code> / <code>${DEMO_USER.password}</code> and answers 407 with
        <code>Proxy-Authenticate: Basic realm="lab proxy"</code> until then. It forwards plain-http
        requests and CONNECT tunnels to loopback addresses only.
      </p>
      <p>Chromium does not send loopback traffic through a proxy unless told to. Start it with:</p>
      <pre>
chromium --proxy-server=${proxyUrl} --proxy-bypass-list="&lt;-loopback&gt;" ${labUrl}/proxy</pre>
      <p>With curl:</p>
      <pre>
curl -i --proxy ${proxyUrl} ${labUrl}/proxy
curl -i --proxy ${proxyUrl} --proxy-user ${DEMO_USER.username}:${DEMO_USER.password} ${labUrl}/proxy</pre>
      <p><a href="/">Back to the lab index</a></p>`,
  );
}
