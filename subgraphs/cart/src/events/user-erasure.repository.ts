import type pg from "pg";

/**
 * GDPR erasure: everything this subgraph holds about a user (their cart and its lines, and the
 * markers that name them). Runs on the consumer's transaction client (see processOnce), so the
 * erasure and the "event processed" marker commit together.
 */
export async function eraseUserCartData(client: pg.ClientBase, userId: string): Promise<{ carts: number }> {
  const carts = await client.query("DELETE FROM carts WHERE user_id = $1::uuid", [userId]);
  await client.query("DELETE FROM checked_out_orders WHERE user_id = $1::uuid", [userId]);
  await client.query("DELETE FROM merged_guest_carts WHERE user_id = $1::uuid", [userId]);
  return { carts: carts.rowCount ?? 0 };
}
