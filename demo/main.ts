// CLI entry for `npm run lab`: starts the lab on 127.0.0.1 (PORT, default 5177; PROXY_PORT,
// default 5178), prints its URLs and stops cleanly on Ctrl+C or SIGTERM.
import { DEFAULT_PORT, DEFAULT_PROXY_PORT, startLab } from './server.ts';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`lab: ${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return port;
}

const port = portFromEnv('PORT', DEFAULT_PORT);
const proxyPort = portFromEnv('PROXY_PORT', DEFAULT_PROXY_PORT);

try {
  const lab = await startLab({ port, proxyPort });
  console.log(`AuthLens lab: ${lab.url}/`);
  console.log(`Lab proxy:    ${lab.proxyUrl} (Proxy-Authorization: alice / wonderland)`);
  console.log('Demo login:   alice / wonderland. Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1); // a second signal forces the exit
    stopping = true;
    console.log(`\nlab: ${signal}, stopping`);
    lab.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('lab: close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error('lab: the port is in use; set PORT / PROXY_PORT to free ones (0 = any).');
  } else {
    console.error('lab: failed to start:', error);
  }
  process.exit(1);
}
