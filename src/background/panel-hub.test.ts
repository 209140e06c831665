import { describe, expect, it } from 'vitest';
import { panelPortName, type PanelCommand, type PortLike } from '../shared/protocol.ts';
import { PanelHub } from './panel-hub.ts';

function fakePort(name: string) {
  const sent: unknown[] = [];
  const onMessage: Array<(m: unknown) => void> = [];
  const onDisconnect: Array<() => void> = [];
  const port: PortLike = {
    name,
    postMessage: (m) => sent.push(m),
    disconnect: () => undefined,
    onMessage: { addListener: (l) => onMessage.push(l), removeListener: () => undefined },
    onDisconnect: { addListener: (l) => onDisconnect.push(l), removeListener: () => undefined },
  };
  return {
    port,
    sent,
    send: (m: unknown) => onMessage.forEach((l) => l(m)),
    disconnect: () => onDisconnect.forEach((l) => l()),
  };
}

function hub() {
  const commands: Array<[number, PanelCommand]> = [];
  const h = new PanelHub({
    snapshot: (tabId) => ({
      type: 'snapshot',
      tabId,
      exchanges: [],
      state: { paused: false, preserveLog: true, evicted: 0 },
      notices: [],
    }),
    command: (tabId, c) => commands.push([tabId, c]),
  });
  return { h, commands };
}

describe('PanelHub', () => {
  it('answers every connect with a snapshot of that tab', () => {
    const { h } = hub();
    const p = fakePort(panelPortName(4));
    expect(h.connect(p.port)).toBe(true);
    expect(p.sent).toEqual([expect.objectContaining({ type: 'snapshot', tabId: 4 })]);
  });

  it('ignores ports that are not AuthLens panels', () => {
    const { h } = hub();
    const p = fakePort('something-else');
    expect(h.connect(p.port)).toBe(false);
    expect(p.sent).toEqual([]);
  });

  it('broadcasts only to the panels of that tab, and stops after disconnect', () => {
    const { h } = hub();
    const a = fakePort(panelPortName(1));
    const b = fakePort(panelPortName(2));
    h.connect(a.port);
    h.connect(b.port);
    h.broadcast(1, { type: 'cleared' });
    a.disconnect();
    h.broadcast(1, { type: 'cleared' });
    expect(a.sent.slice(1)).toEqual([{ type: 'cleared' }]);
    expect(b.sent.slice(1)).toEqual([]);
    expect(h.hasPanel(1)).toBe(false);
  });

  it('hands valid commands to the recorder and counts junk', () => {
    const { h, commands } = hub();
    const p = fakePort(panelPortName(9));
    h.connect(p.port);
    p.send({ type: 'setPaused', paused: true });
    p.send({ type: 'setPaused', paused: 'please' });
    p.send('clear');
    expect(commands).toEqual([[9, { type: 'setPaused', paused: true }]]);
    expect(h.rejected).toBe(2);
  });

  it('survives a port that closed before the post', () => {
    const { h } = hub();
    const p = fakePort(panelPortName(3));
    p.port.postMessage = () => {
      throw new Error('Attempting to use a disconnected port object');
    };
    expect(() => h.connect(p.port)).not.toThrow();
  });
});
