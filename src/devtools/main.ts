// The DevTools page: creates the AuthLens panel and nothing else.
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('AuthLens', '/icons/icon-32.png', '/src/panel/index.html');
