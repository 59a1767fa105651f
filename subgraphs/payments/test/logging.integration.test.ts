import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, authorizeBody, card, post, TEST_CARDS } from "./support/payments.ts";
import { createTestServer, type PaymentsTestServer } from "./test-server.ts";

const lines: string[] = [];
let server: PaymentsTestServer;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  server = await createTestServer({ logger: pino({ level: "trace" }, sink) });
});
afterAll(() => server?.stop());

describe("card data in logs", () => {
  it("never reaches a log line, whatever the outcome", async () => {
    const numbers = [TEST_CARDS.SUCCEEDS, TEST_CARDS.DECLINED, TEST_CARDS.INSUFFICIENT_FUNDS, TEST_CARDS.TIMES_OUT, "4242424242424241"];
    for (const number of numbers) {
      const body = authorizeBody({ paymentMethod: card(number, { cvc: "731" }) });
      const answer = await authorize(server, body);
      if (answer.body.paymentId) await post(server, "capture", { paymentId: answer.body.paymentId });
    }
    await authorize(server, authorizeBody({ paymentMethod: card(TEST_CARDS.SUCCEEDS, { cvc: 731 }) })); // 400
    const log = lines.join("");
    expect(log).toContain('"msg":"authorize"');
    for (const number of numbers) expect(log).not.toContain(number.slice(0, 12));
    // The CVC as a JSON value (string or number), not as digits inside an id or a timestamp.
    expect(log).not.toMatch(/"cvc"|"number"|"expMonth"|"731"|:731[,}]/);
  });
});
