// A Marionette client in Node's `net` alone (see /work/shared/notes/firefox-testing.md): every
// Firefox carries Marionette, so driving Debian's firefox-esr needs no geckodriver download.
// Wire format: `<byte length>:<JSON>`; the server says hello first, then answers commands
// `[0, id, name, params]` with `[1, id, error, result]`.
import net from 'node:net';

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
    readonly stacktrace?: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class Marionette {
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('Marionette connection closed')));
  }

  /** Connects and waits for the server's hello; retries until Firefox listens or `timeout` passes. */
  static async connect(port: number, timeout = 60_000): Promise<Marionette> {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        return await Marionette.attempt(port);
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`Marionette on 127.0.0.1:${port} never answered: ${String(error)}`, {
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private static attempt(port: number): Promise<Marionette> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let buffer: Buffer = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        const frame = readFrame(buffer);
        if (!frame) return;
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        const client = new Marionette(socket);
        client.buffer = frame.rest; // the hello is consumed; anything after it is a reply
        resolve(client);
      };
      const onError = (error: Error) => reject(error);
      const onClose = () => reject(new Error('closed before hello'));
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onClose);
    });
  }

  send<T = unknown>(command: string, params: object = {}): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(`${body.length}:`);
      this.socket.write(body);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = frame.rest;
      const [type, id, error, result] = frame.message as [number, number, unknown, unknown];
      const waiting = this.pending.get(id);
      if (type !== 1 || !waiting) continue;
      this.pending.delete(id);
      if (error) {
        const e = error as { error?: string; message?: string; stacktrace?: string };
        waiting.reject(
          new MarionetteError(
            waiting.command,
            e.error ?? 'error',
            e.message ?? JSON.stringify(error),
            e.stacktrace,
          ),
        );
      } else waiting.resolve(result);
    }
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** One `<length>:<JSON>` frame from the front of `buffer` (length in bytes), or null if incomplete. */
function readFrame(buffer: Buffer): { message: unknown; rest: Buffer } | null {
  const colon = buffer.indexOf(0x3a);
  if (colon === -1) return null;
  const length = Number(buffer.subarray(0, colon).toString('ascii'));
  if (!Number.isInteger(length)) throw new Error('Marionette sent a malformed frame');
  const end = colon + 1 + length;
  if (buffer.length < end) return null;
  return {
    message: JSON.parse(buffer.subarray(colon + 1, end).toString('utf8')),
    rest: buffer.subarray(end),
  };
}
