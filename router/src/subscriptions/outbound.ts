/** What the outbound guard needs of a WebSocket (the `ws` library's). */
export interface OutboundSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

const OPEN = 1;

export interface OutboundOptions {
  /** Most bytes a connection may have queued for the client (beyond what the kernel holds). */
  maxBufferedBytes: number;
  /** Between the close frame and cutting the connection, for a client that reads again. */
  dropGraceMs?: number;
  onDrop?: (bufferedBytes: number) => void;
  /** The close code and reason sent to a dropped client. */
  closeCode: number;
}

/**
 * Sends a connection's messages without waiting for the client to read them, and drops the
 * client whose backlog passes `maxBufferedBytes`: a client that stops reading (a frozen tab, a
 * phone in a tunnel, a consumer too slow for its subscriptions) would otherwise make the router
 * hold every event it is sent, without bound. The kernel's socket buffers absorb ordinary bursts
 * first; a backlog in the process means the client has not read for a while.
 *
 * The drop sends a close frame (which a client that reads again sees, after its backlog) and cuts
 * the connection `dropGraceMs` later, freeing the backlog whatever the client does.
 */
export function createOutbound(socket: OutboundSocket, options: OutboundOptions): { send(data: string): void; readonly dropped: boolean } {
  let dropped = false;
  return {
    get dropped() {
      return dropped;
    },
    send(data) {
      if (dropped || socket.readyState !== OPEN) return;
      socket.send(data);
      if (socket.bufferedAmount <= options.maxBufferedBytes) return;
      dropped = true;
      options.onDrop?.(socket.bufferedAmount);
      socket.close(options.closeCode, "Slow consumer: messages were not read");
      setTimeout(() => socket.terminate(), options.dropGraceMs ?? 1_000).unref();
    },
  };
}
