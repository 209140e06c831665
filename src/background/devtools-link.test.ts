import { describe, expect, it } from 'vitest';
import { observed } from '../shared/exchange.ts';
import type { Sighting } from '../shared/observation.ts';
import { devtoolsPortName, panelPortName, type PortLike } from '../shared/protocol.ts';
import { acceptDevtoolsPort } from './devtools-link.ts';

function fakePort(name: string) {
  const listeners: Array<(m: unknown) => void> = [];
  const port: PortLike = {
    name,
    postMessage: () => undefined,
    disconnect: () => undefined,
    onMessage: { addListener: (l) => listeners.push(l), removeListener: () => undefined },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
  };
  return { port, send: (m: unknown) => listeners.forEach((l) => l(m)) };
}

const sighting: Sighting = {
  url: 'http://127.0.0.1/basic',
  method: 'GET',
  startedAt: 1,
  endedAt: 2,
  status: 200,
  credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page', evidence: observed }],
};

describe('DevTools page ports', () => {
  it('hands valid sightings of its tab to the recorder, and nothing else', () => {
    const got: Array<[number, Sighting]> = [];
    const { port, send } = fakePort(devtoolsPortName(12));
    expect(acceptDevtoolsPort(port, (tab, s) => got.push([tab, s]))).toBe(true);
    send({ type: 'sighting', sighting });
    send({ type: 'sighting', sighting: { ...sighting, method: 'GET / HTTP/1.1' } });
    // A credential value never crosses this port: a message carrying one is refused whole.
    send({
      type: 'sighting',
      sighting: { ...sighting, credentials: [{ ...sighting.credentials[0], value: 'Basic x' }] },
    });
    send({ type: 'clear' });
    expect(got).toEqual([[12, sighting]]);
  });

  it('leaves other ports alone', () => {
    const { port } = fakePort(panelPortName(12));
    expect(acceptDevtoolsPort(port, () => undefined)).toBe(false);
  });
});
