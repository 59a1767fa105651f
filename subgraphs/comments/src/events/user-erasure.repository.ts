import type pg from "pg";

/**
 * GDPR erasure of a user's comments: they stay in their threads with their text (a thread would
 * not read with holes, and the text was published to everyone), but no longer name their author
 * or the API key they were posted with; the user's rate-limit bucket goes too. Runs on the
 * consumer's transaction client (see processOnce), so the erasure and the "event processed"
 * marker commit together.
 */
export async function anonymiseUserComments(client: pg.ClientBase, userId: string): Promise<{ comments: number }> {
  const comments = await client.query("UPDATE comments SET author_id = NULL, api_key_id = NULL WHERE author_id = $1::uuid", [userId]);
  await client.query("DELETE FROM comment_rate_limits WHERE subject = $1", [`user:${userId}`]);
  return { comments: comments.rowCount ?? 0 };
}
