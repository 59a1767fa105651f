import { startHttpFake } from "./http-fake.ts";

/**
 * The inventory's `POST /internal/availability` `{ productIds }` -> `{ items: [{ productId,
 * available }] }` (a fixed contract; inventory itself is built elsewhere), with stock the test
 * controls. Products without a set level have `defaultAvailable` units (null: unknown to it).
 */
export interface FakeInventory {
  url: string;
  /** The productIds of every call, in order. */
  calls: string[][];
  set(productId: string, available: number): void;
  defaultAvailable: number | null;
  /** Make the endpoint fail: an HTTP status, or "hang-up" (connection dropped); null heals it. */
  failure: number | "hang-up" | null;
  stop(): Promise<void>;
}

export async function startFakeInventory(secret: string): Promise<FakeInventory> {
  const levels = new Map<string, number>();
  const state = { calls: [] as string[][], defaultAvailable: 50 as number | null, failure: null as number | "hang-up" | null };
  const fake = await startHttpFake({
    "/internal/availability": (req, raw) => {
      if (req.headers.authorization !== `Internal ${secret}`) return { status: 401, body: { error: "unauthorized" } };
      if (state.failure === "hang-up") return "hang-up";
      if (state.failure) return { status: state.failure, body: { error: "failing on purpose" } };
      const { productIds } = JSON.parse(raw) as { productIds: string[] };
      state.calls.push(productIds);
      const items = productIds.flatMap((productId) => {
        const available = levels.get(productId) ?? state.defaultAvailable;
        return available === null ? [] : [{ productId, available }];
      });
      return { status: 200, body: { items } };
    },
  });
  return Object.assign(state, {
    url: fake.origin,
    set: (productId: string, available: number) => void levels.set(productId, available),
    stop: fake.stop,
  });
}
