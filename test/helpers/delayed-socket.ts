import * as prng from 'lib0/prng';
import { WebSocket } from 'ws';
import { browserHeaders } from './clients';

/**
 * A WebSocket for y-websocket whose frames, in both directions, arrive after random delays while
 * keeping their order (as TCP would): what a classroom Wi-Fi does to a connection.
 */
export function delayedSocketClass(gen: prng.PRNG, maxDelayMs: number, cookie: string) {
  return class DelayedSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    binaryType = 'arraybuffer';
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    private readonly inner: WebSocket;
    private readonly incoming = new OrderedDelay(gen, maxDelayMs);
    private readonly outgoing = new OrderedDelay(gen, maxDelayMs);

    constructor(url: string, protocols?: string | string[]) {
      this.inner = new WebSocket(url, protocols, { headers: browserHeaders(url, cookie) });
      this.inner.binaryType = 'arraybuffer';
      this.inner.addEventListener('open', (e) => this.onopen?.(e));
      this.inner.addEventListener('error', (e) => this.onerror?.(e));
      this.inner.addEventListener('message', (e) => {
        const data = e.data as ArrayBuffer;
        this.incoming.push(() => this.onmessage?.({ data }));
      });
      this.inner.addEventListener('close', (e) => {
        const { code, reason } = e;
        this.incoming.push(() => this.onclose?.({ code, reason }));
      });
    }

    get readyState(): number {
      return this.inner.readyState;
    }

    send(data: Uint8Array | ArrayBuffer): void {
      const copy = new Uint8Array(data instanceof ArrayBuffer ? data : data.slice());
      this.outgoing.push(() => {
        if (this.inner.readyState === WebSocket.OPEN) this.inner.send(copy);
      });
    }

    close(code?: number, reason?: string): void {
      this.inner.close(code, reason);
    }
  };
}

/** Runs callbacks after random delays, never out of order. */
class OrderedDelay {
  private readonly queue: Array<{ at: number; run: () => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private last = 0;

  constructor(
    private readonly gen: prng.PRNG,
    private readonly maxDelayMs: number,
  ) {}

  push(run: () => void): void {
    this.last = Math.max(this.last, Date.now() + prng.uint32(this.gen, 0, this.maxDelayMs));
    this.queue.push({ at: this.last, run });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0]!.at <= now) this.queue.shift()!.run();
      this.schedule();
    }, Math.max(0, this.queue[0]!.at - Date.now()));
  }
}
