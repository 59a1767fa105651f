import { describe, expect, it } from "vitest";
import { eventually } from "./eventually.ts";

describe("eventually", () => {
  it("retries until the check passes, and returns its value", async () => {
    let tries = 0;
    const value = await eventually(
      async () => {
        tries += 1;
        if (tries < 3) throw new Error("not yet");
        return "done";
      },
      { intervalMs: 1 },
    );
    expect(value).toBe("done");
    expect(tries).toBe(3);
  });

  it("fails with the check's own last error once the time is up", async () => {
    let tries = 0;
    await expect(
      eventually(
        async () => {
          tries += 1;
          throw new Error(`still failing (${tries})`);
        },
        { timeoutMs: 20, intervalMs: 1 },
      ),
    ).rejects.toThrow(/still failing \(\d+\)/);
    expect(tries).toBeGreaterThan(1);
  });
});
