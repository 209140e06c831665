import { defineManifest } from '@crxjs/vite-plugin';
import packageJson from './package.json' with { type: 'json' };

const icons = {
  16: 'icons/icon-16.png',
  32: 'icons/icon-32.png',
  48: 'icons/icon-48.png',
  128: 'icons/icon-128.png',
};

// Fewest permissions that work: webRequest observes (never blocks) responses and their headers,
// storage keeps records while the service worker sleeps; host access is what webRequest needs to
// see a request at all (Chrome 72+ also checks the initiator, hence <all_urls>).
// `vite build --mode firefox` adds what Firefox requires: a gecko id and the data-collection
// declaration (AuthLens keeps what it records in the browser and sends nothing anywhere).
export default defineManifest((env) => ({
  manifest_version: 3,
  name: 'AuthLens',
  description: 'Makes HTTP authentication visible: every challenge parsed, explained and checked.',
  version: packageJson.version,
  icons,
  // Firefox runs MV3 backgrounds as event pages (background.scripts), not service workers.
  background:
    env.mode === 'firefox'
      ? { scripts: ['src/background/main.ts'], type: 'module' }
      : { service_worker: 'src/background/main.ts', type: 'module' },
  devtools_page: 'src/devtools/index.html',
  permissions: ['webRequest', 'storage'],
  host_permissions: ['<all_urls>'],
  ...(env.mode === 'firefox'
    ? {
        browser_specific_settings: {
          gecko: {
            id: 'authlens@authlens.dev',
            // data_collection_permissions, required for new add-ons, is read from Firefox 140 (ESR) on.
            strict_min_version: '140.0',
            data_collection_permissions: { required: ['none'] },
          },
        },
      }
    : {}),
}));
