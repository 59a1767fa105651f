/**
 * Open connections per user, against a limit. A connection takes a slot once it is authenticated
 * and gives it back when it closes; anonymous connections hold no slot (they see only public
 * data, and have no identity to count by).
 */
export interface ConnectionLimiter {
  /** Takes a slot for the user; false when the user already holds `maxPerUser`. */
  acquire(userId: string): boolean;
  release(userId: string): void;
  /** Connections the user holds now. */
  count(userId: string): number;
}

export function createConnectionLimiter(maxPerUser: number): ConnectionLimiter {
  const counts = new Map<string, number>();
  return {
    acquire(userId) {
      const held = counts.get(userId) ?? 0;
      if (held >= maxPerUser) return false;
      counts.set(userId, held + 1);
      return true;
    },
    release(userId) {
      const held = counts.get(userId) ?? 0;
      // Deleted at zero: the map holds only users that are connected.
      if (held <= 1) counts.delete(userId);
      else counts.set(userId, held - 1);
    },
    count: (userId) => counts.get(userId) ?? 0,
  };
}
