// Guards the flow a developer debugging a login actually lives, which no automation shortcut
// shows: Chrome meets a challenge, asks the user, the user types a wrong then a right password,
// and Chrome retries each time as a NEW request. AuthLens must show it as one exchange.
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { challengesOf, lastResponse } from '../src/shared/exchange.ts';
import {
  loginWrongThenRight,
  promptSession,
  WRONG_THEN_RIGHT_STEPS,
  type PromptBrowser,
} from './prompt-browser.ts';

const lab = useLab();
const browsers = closesAfterEach<PromptBrowser>();

describe("Chrome's login prompt", () => {
  for (const path of ['/basic', '/digest']) {
    it(`shows challenge → prompt → wrong password → prompt → right password → 200 as one exchange (${path})`, async () => {
      const { b, recorder } = await promptSession(lab, browsers.use);
      const exchange = await loginWrongThenRight(b, recorder, `${lab.url}${path}`);
      expect(exchange.steps.map((s) => s.kind)).toEqual(WRONG_THEN_RIGHT_STEPS);
      const scheme = path === '/basic' ? 'Basic' : 'Digest';
      const retries = exchange.steps.filter((s) => s.kind === 'request').slice(1);
      for (const retry of retries) {
        expect(retry).toMatchObject({
          credentials: [{ header: 'Authorization', scheme, source: 'browser' }],
        });
      }
      expect(challengesOf(exchange)[0]!.scheme).toBe(scheme);
      expect(lastResponse(exchange)!.statusCode).toBe(200);
      if (path === '/digest') {
        expect(lastResponse(exchange)!.fields.map((f) => f.name)).toEqual(['Authentication-Info']);
      }
      const everything = JSON.stringify(await recorder.snapshot());
      expect(everything).not.toContain('wonderland');
      expect(everything).not.toContain('not-the-password');
    });
  }
});
