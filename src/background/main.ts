// The service worker's composition root (capture is built in the capture issue).
import browser from 'webextension-polyfill';

browser.runtime.onInstalled.addListener(() => undefined);
