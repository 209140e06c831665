// What AuthLens follows beyond its static listeners (src/background/subscriptions.ts): a tab where
// authentication was seen gets onCompleted for its images, scripts and the like too, so that a
// challenged image there is recorded to its end; other tabs are not followed for those.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../src/shared/exchange.ts';
import {
  launchWithExtension,
  navigate,
  primeWebRequest,
  type ExtensionBrowser,
} from './chromium.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { recorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();

/** Adds an image whose URL answers 401 with a Bearer challenge; resolves once it failed to load. */
function challengedImage(ext: ExtensionBrowser, query: string): Promise<void> {
  return ext.page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const image = new Image();
        image.onerror = () => resolve();
        image.onload = () => resolve();
        image.src = src;
        document.body.append(image);
      }),
    `/busy/protected?${query}`,
  );
}

const images = (list: Exchange[]) => list.filter((e) => e.type === 'image');

describe('following a tab where authentication was seen', () => {
  it('records a challenged image there from its challenge to its completion', async () => {
    const ext = browsers.use(await launchWithExtension());
    await navigate(ext.page, `${lab.url}/`);
    const recorder = await recorderClient(ext, ext.page);
    // The warm-up 401 is the tab's first authentication: from then on the tab is followed.
    await primeWebRequest(ext.page, `${lab.url}/no-challenge?warmup`, async () =>
      (await recorder.exchanges()).some((e) => e.url.includes('warmup')),
    );
    await navigate(ext.page, `${lab.url}/busy?images=0&fetches=0`);
    await challengedImage(ext, 'image=1');
    await challengedImage(ext, 'image=2');
    const list = await recorder.until(
      (l) => images(l).length === 2 && images(l).every((e) => e.outcome !== 'pending'),
      'both images recorded to their end',
    );
    for (const image of images(list)) {
      expect(image.outcome).toBe('challenged');
      expect(image.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
    }
  });
});
