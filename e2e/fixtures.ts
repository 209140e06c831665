// The lifecycle the browser tests share: one lab per test file, started on free ports, and the
// browser each test launched closed after it, whether the test passed or not.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startLab } from '../demo/server.ts';

type Lab = Awaited<ReturnType<typeof startLab>>;

/** The file's lab; read `url` / `proxyUrl` inside tests (it starts in beforeAll). */
export function useLab(): { readonly url: string; readonly proxyUrl: string } {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab({ port: 0, proxyPort: 0 });
  });
  afterAll(async () => {
    await lab?.close();
  });
  const started = (): Lab => {
    if (!lab) throw new Error('the lab starts in beforeAll: use it inside tests');
    return lab;
  };
  return {
    get url() {
      return started().url;
    },
    get proxyUrl() {
      return started().proxyUrl;
    },
  };
}

/** Registers a test's browser as soon as it exists, to be closed after that test. */
export function closesAfterEach<T extends { close(): Promise<void> }>(): { use(browser: T): T } {
  let current: T | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return { use: (browser) => (current = browser) };
}
