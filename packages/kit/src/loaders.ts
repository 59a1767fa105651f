import DataLoader from "dataloader";

/**
 * A per-request loader by primary key: one `fetch` per tick for all the keys asked for, results
 * returned in key order, null for keys that do not exist.
 */
export function keyLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
  options: { maxBatchSize?: number } = {},
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const found = new Map<K, V>();
      for (const value of await fetch(keys)) found.set(keyOf(value), value);
      return keys.map((key) => found.get(key) ?? null);
    },
    { maxBatchSize: options.maxBatchSize ?? 500 },
  );
}

/** A per-request loader of one-to-many relations: all children of many parents in one fetch. */
export function groupLoader<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, groupOf: (value: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const groups = new Map<K, V[]>();
      for (const value of await fetch(keys)) {
        const key = groupOf(value);
        const group = groups.get(key);
        if (group) group.push(value);
        else groups.set(key, [value]);
      }
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: 500 },
  );
}
