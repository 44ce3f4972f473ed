// One WebSocket to a msg-server: requests matched to their answers by seq (and answer command),
// pushes handed to a callback, a heartbeat, and a close reported once with its reason.
import { Cmd, Pdu, decodePdu, encodePdu } from "./pdu";
import { IM } from "../gen/proto.js";

export const REQUEST_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 20_000;
/** No frame at all for this long (heartbeat echoes included): the link is dead. */
const SILENCE_MS = 60_000;

interface Waiter {
  expect: number;
  resolve: (body: Uint8Array) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Connection {
  private ws: WebSocket | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastRead = Date.now();
  private closed = false;

  constructor(
    private readonly onPush: (pdu: Pdu) => void,
    private readonly onClose: (reason: string) => void,
  ) {}

  /** Opens the socket; resolves once it is open. */
  open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let opened = false;
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      this.ws = ws;
      ws.onopen = () => {
        opened = true;
        this.lastRead = Date.now();
        this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
        resolve();
      };
      ws.onmessage = (ev) => this.onMessage(ev.data as ArrayBuffer);
      ws.onerror = () => {
        if (!opened) {
          reject(new Error(`cannot open ${url}`));
        }
      };
      ws.onclose = (ev) => {
        if (!opened) {
          reject(new Error(`cannot open ${url} (${ev.code})`));
          return;
        }
        this.shutdown(ev.reason ? `closed: ${ev.reason} (${ev.code})` : `connection lost (${ev.code})`);
      };
    });
  }

  get isOpen(): boolean {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN && !this.closed;
  }

  /** Sends and waits for the frame with the same seq and command {@code expect}. */
  request(commandId: number, body: Uint8Array, expect: number, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error("not connected"));
        return;
      }
      const seq = this.nextSeq();
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new Error("no answer from the server"));
      }, timeoutMs);
      this.waiting.set(seq, { expect, resolve, reject, timer });
      this.ws!.send(encodePdu(commandId, seq, body));
    });
  }

  /** Sends without waiting for an answer (acks, read acks); false when not connected. */
  send(commandId: number, body: Uint8Array): boolean {
    if (!this.isOpen) {
      return false;
    }
    this.ws!.send(encodePdu(commandId, this.nextSeq(), body));
    return true;
  }

  /** Closes on purpose: no reconnect is triggered by this close. */
  close(): void {
    if (this.ws && !this.closed) {
      this.closed = true;
      this.stopTimers("closed");
      this.ws.close(1000, "bye");
    }
  }

  private nextSeq(): number {
    // 16-bit seq; 0 is what pushes carry, so never used for a request
    this.seq = (this.seq % 0xffff) + 1;
    return this.seq;
  }

  private beat(): void {
    if (Date.now() - this.lastRead > SILENCE_MS) {
      this.ws?.close(4000, "no heartbeat answer");
      this.shutdown("no answer from the server for " + SILENCE_MS / 1000 + " s");
      return;
    }
    this.send(Cmd.HEARTBEAT, IM.Other.IMHeartBeat.encode({}).finish());
  }

  private onMessage(data: ArrayBuffer): void {
    this.lastRead = Date.now();
    let pdu: Pdu;
    try {
      pdu = decodePdu(data);
    } catch (e) {
      console.warn("bad frame from the server", e);
      this.ws?.close(1002, "bad frame");
      this.shutdown("bad frame from the server");
      return;
    }
    const w = pdu.seq !== 0 ? this.waiting.get(pdu.seq) : undefined;
    if (w && w.expect === pdu.commandId) {
      this.waiting.delete(pdu.seq);
      clearTimeout(w.timer);
      w.resolve(pdu.body);
      return;
    }
    if (pdu.commandId === Cmd.HEARTBEAT) {
      return;
    }
    this.onPush(pdu);
  }

  private shutdown(reason: string): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.stopTimers(reason);
    this.onClose(reason);
  }

  private stopTimers(reason: string): void {
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new Error(reason));
    }
    this.waiting.clear();
  }
}
