import type { GraphQLFormattedError } from "graphql";

/** One message of a subscription as the client receives it: data and errors, already formatted. */
export interface StreamResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * How a stream ends with errors: thrown from the iterator, so that graphql-ws sends them as the
 * protocol's `error` message (the subscription is over, and why) rather than as one more event.
 */
export class SubscriptionEnded extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message ?? "Subscription ended");
    this.name = "SubscriptionEnded";
  }
}

export interface SubscriptionStreamOptions<E> {
  /** Turns an upstream event into what the client receives (the rest of the plan, authorization, masking). */
  complete(event: E): Promise<StreamResult>;
  /** What the client receives for an event whose completion threw (a bug: complete reports failures in its result). */
  failed(error: unknown): StreamResult;
  /** Most events received and not yet completed; past it the stream ends with `overflowErrors`. */
  maxPending: number;
  overflowErrors(): readonly GraphQLFormattedError[];
  /** Called once, when the stream stops for any reason: close the upstream subscription. */
  onClose(): void;
}

export interface SubscriptionStream<E> extends AsyncGenerator<StreamResult, undefined, unknown> {
  /** An upstream event: completed, then delivered, in the order received. */
  deliver(event: E): void;
  /**
   * Ends the stream: with errors (sent as the protocol's `error`) or without (a `complete`). By
   * default after the events already received (the upstream ended: what it sent before still
   * counts); `immediately` drops them (the caller's identity is no longer valid).
   */
  end(errors?: readonly GraphQLFormattedError[], options?: { immediately?: boolean }): void;
  /** Resolves once the stream has stopped and its consumer has seen the end. */
  readonly ended: Promise<void>;
}

type Waiting = { resolve(result: IteratorResult<StreamResult, undefined>): void; reject(error: unknown): void };

/**
 * The client's side of one subscription, as graphql-ws consumes it (an async generator whose
 * `return` is called when the client completes the subscription or disconnects). Upstream events
 * are completed one after the other, so that the client receives them in the order the subgraph
 * sent them, and at most `maxPending` wait: a subgraph that sends faster than the router can
 * complete its events (another subgraph slow to answer) cannot make it hold them without bound.
 */
export function createSubscriptionStream<E>(options: SubscriptionStreamOptions<E>): SubscriptionStream<E> {
  const ready: StreamResult[] = [];
  let waiting: Waiting | null = null;
  /** Set once nothing more will be queued; `errors` still to be thrown to the consumer. */
  let finished: { errors?: readonly GraphQLFormattedError[] } | null = null;
  let closed = false;
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });

  const close = () => {
    if (closed) return;
    closed = true;
    options.onClose();
  };

  /** Hands the consumer waiting in `next` what there is. */
  const wake = () => {
    if (!waiting) return;
    const consumer = waiting;
    if (ready.length) {
      waiting = null;
      consumer.resolve({ value: ready.shift()!, done: false });
    } else if (finished) {
      waiting = null;
      settleEnd(consumer);
    }
  };

  const settleEnd = (consumer: Waiting) => {
    const errors = finished?.errors;
    if (finished) finished = {};
    markEnded();
    if (errors?.length) consumer.reject(new SubscriptionEnded(errors));
    else consumer.resolve({ value: undefined, done: true });
  };

  const finish = (errors: readonly GraphQLFormattedError[] | undefined) => {
    finished ??= errors ? { errors } : {};
    wake();
  };

  const stop = async (): Promise<IteratorResult<StreamResult, undefined>> => {
    close();
    ready.length = 0;
    finished = {};
    markEnded();
    const consumer = waiting;
    waiting = null;
    consumer?.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  };

  const stream: SubscriptionStream<E> = {
    deliver(event) {
      if (closed) return;
      if (pending >= options.maxPending) {
        stream.end(options.overflowErrors(), { immediately: true });
        return;
      }
      pending++;
      chain = chain.then(async () => {
        try {
          if (finished) return;
          let result: StreamResult;
          try {
            result = await options.complete(event);
          } catch (error) {
            result = options.failed(error);
          }
          if (!finished) ready.push(result);
        } finally {
          pending--;
        }
        wake();
      });
    },
    end(errors, endOptions) {
      if (closed) return;
      close();
      if (endOptions?.immediately) {
        ready.length = 0;
        finish(errors);
      } else {
        chain = chain.then(() => finish(errors));
      }
    },
    ended,
    next() {
      if (ready.length) return Promise.resolve({ value: ready.shift()!, done: false });
      if (finished) {
        return new Promise((resolve, reject) => settleEnd({ resolve, reject }));
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return: stop,
    throw: stop,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
