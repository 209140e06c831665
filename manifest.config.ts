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
export default defineManifest({
  manifest_version: 3,
  name: 'AuthLens',
  description: 'Makes HTTP authentication visible: every challenge parsed, explained and checked.',
  version: packageJson.version,
  icons,
  background: { service_worker: 'src/background/main.ts', type: 'module' },
  devtools_page: 'src/devtools/index.html',
  permissions: ['webRequest', 'storage'],
  host_permissions: ['<all_urls>'],
});
