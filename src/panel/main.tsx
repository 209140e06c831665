// The panel page's entry: renders <App> with the host browser-host.ts builds.
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createBrowserHost } from './browser-host.ts';
import './theme.css';

const host = createBrowserHost();
document.documentElement.dataset.theme = host.theme;
const root = document.getElementById('root');
if (root) createRoot(root).render(<App host={host} />);
