// A minimal Chrome DevTools Protocol client over the browser's WebSocket: commands, events and
// flat sessions, nothing else. The page-load benchmark drives its browsers with this rather than
// Playwright because Playwright attaches to every page and turns on its Network domain, i.e. it
// asks Chromium to report every request of the measured page — the same kind of per-request work
// whose cost is being measured. Needs Node's WebSocket (`node --experimental-websocket` on 20).

type Params = Record<string, unknown>;
type Listener = (params: Params, sessionId: string | undefined) => void;

interface Pending {
  resolve(result: Params): void;
  reject(error: Error): void;
  method: string;
}

export interface Cdp {
  send<R = Params>(method: string, params?: Params, sessionId?: string): Promise<R>;
  /** Calls `listener` for every `method` event (of any session); returns the unsubscribe. */
  on(method: string, listener: Listener): () => void;
  /** Resolves with the first `method` event whose params satisfy `predicate`. */
  once(
    method: string,
    predicate?: (params: Params) => boolean,
    timeoutMs?: number,
  ): Promise<Params>;
  close(): void;
}

export async function connectCdp(webSocketUrl: string): Promise<Cdp> {
  if (typeof WebSocket === 'undefined') {
    throw new Error(
      'This Node has no WebSocket: run with `node --experimental-websocket` (Node 20).',
    );
  }
  const socket = new WebSocket(webSocketUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new Error(`CDP: cannot connect to ${webSocketUrl}`)),
      {
        once: true,
      },
    );
  });
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: Params;
      error?: { message: string };
      method?: string;
      params?: Params;
      sessionId?: string;
    };
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (!call) return;
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result ?? {});
      return;
    }
    for (const listener of listeners.get(message.method ?? '') ?? []) {
      listener(message.params ?? {}, message.sessionId);
    }
  });
  socket.addEventListener('close', () => {
    for (const call of pending.values())
      call.reject(new Error(`${call.method}: connection closed`));
    pending.clear();
  });

  const cdp: Cdp = {
    send<R>(method: string, params: Params = {}, sessionId?: string): Promise<R> {
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (r: Params) => void, reject, method });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    on(method, listener) {
      const set = listeners.get(method) ?? new Set<Listener>();
      listeners.set(method, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    once(method, predicate = () => true, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`CDP: no ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = cdp.on(method, (params) => {
          if (!predicate(params)) return;
          clearTimeout(timer);
          off();
          resolve(params);
        });
      });
    },
    close: () => socket.close(),
  };
  return cdp;
}

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
}

export async function targetsOf(cdp: Cdp): Promise<TargetInfo[]> {
  const { targetInfos } = await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets');
  return targetInfos;
}

/** A flat session on a target: its commands go through the browser connection. */
export async function attach(cdp: Cdp, targetId: string): Promise<string> {
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  return sessionId;
}

/** Evaluates an expression (awaiting a promise it returns) and returns its JSON value. */
export async function evaluate<T>(cdp: Cdp, sessionId: string, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send<{
    result: { value?: T };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
  if (exceptionDetails) {
    throw new Error(
      `evaluate failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
    );
  }
  return result.value as T;
}
