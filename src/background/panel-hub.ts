// Panel ports by inspected tab: a full snapshot on every connect (so a reconnect after the worker
// restarted needs no special case), then each event as it happens; commands are validated and
// handed to the recorder. Receives Ports from the composition root; no browser API here.
import {
  isPanelCommand,
  tabIdFromPortName,
  type BackgroundEvent,
  type PanelCommand,
  type PortLike,
} from '../shared/protocol.ts';

export interface HubTarget {
  snapshot(tabId: number): BackgroundEvent;
  command(tabId: number, command: PanelCommand): void;
}

export class PanelHub {
  private readonly ports = new Map<number, Set<PortLike>>();
  /** Messages that were not valid commands; counted, never trusted. */
  rejected = 0;

  constructor(private readonly target: HubTarget) {}

  /** A port connected; returns false (and ignores it) when it is not an AuthLens panel. */
  connect(port: PortLike): boolean {
    const tabId = tabIdFromPortName(port.name);
    if (tabId === null) return false;
    const ports = this.ports.get(tabId) ?? this.ports.set(tabId, new Set()).get(tabId)!;
    ports.add(port);
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (ports.size === 0) this.ports.delete(tabId);
    });
    port.onMessage.addListener((message) => {
      if (isPanelCommand(message)) this.target.command(tabId, message);
      else this.rejected++;
    });
    safePost(port, this.target.snapshot(tabId));
    return true;
  }

  broadcast(tabId: number, event: BackgroundEvent): void {
    const ports = this.ports.get(tabId);
    if (!ports) return;
    for (const port of ports) safePost(port, event);
  }

  hasPanel(tabId: number): boolean {
    return this.ports.has(tabId);
  }
}

/** A port can close between our check and the post; that is not an error worth surfacing. */
function safePost(port: PortLike, event: BackgroundEvent): void {
  try {
    port.postMessage(event);
  } catch {
    // The panel is gone; its onDisconnect removes it.
  }
}
