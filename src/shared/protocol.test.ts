import { describe, expect, it } from 'vitest';
import {
  isBackgroundEvent,
  isPanelCommand,
  panelPortName,
  tabIdFromPortName,
  type BackgroundEvent,
  type PanelCommand,
} from './protocol.ts';
import type { Exchange } from './exchange.ts';

const exchange: Exchange = {
  id: '42',
  tabId: 7,
  frameId: 0,
  method: 'GET',
  type: 'main_frame',
  initiator: null,
  url: 'https://example.com/',
  startedAt: 1,
  steps: [],
  outcome: 'pending',
};
const state = { paused: false, preserveLog: true, evicted: 0 };

describe('port names', () => {
  it('round-trip the tab id', () => {
    expect(tabIdFromPortName(panelPortName(1234))).toBe(1234);
    expect(tabIdFromPortName(panelPortName(0))).toBe(0);
  });

  it('reject ports that are not AuthLens panels', () => {
    for (const name of [
      '',
      'panel:1',
      'authlens-panel:',
      'authlens-panel:-1',
      'authlens-panel:1e3',
      'authlens-panel:12345678901',
    ]) {
      expect(tabIdFromPortName(name)).toBeNull();
    }
  });
});

describe('guards', () => {
  it('accept every command variant', () => {
    const commands: PanelCommand[] = [
      { type: 'clear' },
      { type: 'setPaused', paused: true },
      { type: 'setPreserveLog', preserveLog: false },
      { type: 'expectReplay', id: 'a1-b2', method: 'GET', url: 'https://example.com/digest' },
    ];
    for (const c of commands) expect(isPanelCommand(c)).toBe(true);
  });

  it('reject junk commands', () => {
    for (const junk of [
      null,
      1,
      'clear',
      [],
      {},
      { type: 'setPaused' },
      { type: 'setPaused', paused: 'yes' },
      { type: 'drop tables' },
      { type: 'expectReplay', id: 'a', method: 'GET SOME', url: 'https://example.com/' },
      { type: 'expectReplay', id: 'a', method: 'GET', url: 1 },
      { type: 'expectReplay', method: 'GET', url: 'https://example.com/' },
      { type: 'expectReplay', id: 'a b', method: 'GET', url: 'https://example.com/' },
    ]) {
      expect(isPanelCommand(junk)).toBe(false);
    }
  });

  it('accept every event variant', () => {
    const events: BackgroundEvent[] = [
      { type: 'snapshot', tabId: 7, exchanges: [exchange], state, notices: [] },
      { type: 'exchangeAdded', exchange },
      { type: 'exchangeUpdated', exchange },
      { type: 'exchangesEvicted', ids: ['1'], evicted: 1 },
      { type: 'cleared' },
      { type: 'stateChanged', state },
      {
        type: 'notice',
        notice: { level: 'warning', code: 'storage-full', message: 'full', at: 1 },
      },
      { type: 'replayExpected', id: 'a1-b2' },
    ];
    for (const e of events) expect(isBackgroundEvent(e)).toBe(true);
  });

  it('reject junk events', () => {
    for (const junk of [
      null,
      { type: 'snapshot', tabId: '7', exchanges: [], state, notices: [] },
      { type: 'snapshot', tabId: 7, exchanges: [{ id: 1 }], state, notices: [] },
      { type: 'exchangeAdded' },
      { type: 'stateChanged', state: { paused: 1 } },
      { type: 'notice', notice: 'hi' },
      { type: 'replayExpected' },
      { type: 'replayExpected', id: '<script>' },
      { type: 'unknown' },
    ]) {
      expect(isBackgroundEvent(junk)).toBe(false);
    }
  });
});
