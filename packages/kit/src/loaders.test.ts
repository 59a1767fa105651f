import { describe, expect, it, vi } from "vitest";
import { groupLoader, keyLoader } from "./loaders.ts";

describe("keyLoader", () => {
  it("batches the keys of one tick into one fetch and returns results in key order, null when missing", async () => {
    const fetch = vi.fn(async (ids: readonly string[]) =>
      ids
        .filter((id) => id !== "missing")
        .reverse()
        .map((id) => ({ id })),
    );
    const loader = keyLoader(fetch, (row) => row.id);
    const results = await Promise.all(["a", "missing", "b", "a"].map((id) => loader.load(id)));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toEqual(["a", "missing", "b"]);
    expect(results).toEqual([{ id: "a" }, null, { id: "b" }, { id: "a" }]);
  });
});

describe("groupLoader", () => {
  it("groups children by parent, empty list for a parent without children", async () => {
    const fetch = vi.fn(async () => [
      { id: 1, parent: "p1" },
      { id: 2, parent: "p2" },
      { id: 3, parent: "p1" },
    ]);
    const loader = groupLoader(fetch, (row) => row.parent);
    const [p1, p2, p3] = await Promise.all(["p1", "p2", "p3"].map((p) => loader.load(p)));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(p1!.map((r) => r.id)).toEqual([1, 3]);
    expect(p2!.map((r) => r.id)).toEqual([2]);
    expect(p3).toEqual([]);
  });
});
