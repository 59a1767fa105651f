import { createHash } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "@amazoff/kit";

export interface SupergraphSnapshot {
  sdl: string;
  hash: string;
}

export async function readSupergraph(file: string): Promise<SupergraphSnapshot> {
  const sdl = await readFile(file, "utf8");
  return { sdl, hash: createHash("sha256").update(sdl).digest("hex") };
}

/**
 * Calls `onChange` with the new contents whenever the supergraph file changes. Watches the folder,
 * not the file, so that editors and tools that replace the file (write + rename) are seen too;
 * changes are debounced and unchanged contents ignored.
 */
export function watchSupergraph(file: string, current: string, onChange: (snapshot: SupergraphSnapshot) => void, log: Logger): () => void {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  let lastHash = current;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    readSupergraph(file).then(
      (snapshot) => {
        if (snapshot.hash === lastHash) return;
        lastHash = snapshot.hash;
        onChange(snapshot);
      },
      (error: unknown) => log.warn({ err: error, file }, "supergraph file unreadable; keeping the current schema"),
    );
  };
  const watcher: FSWatcher = watch(dir, (_event, name) => {
    if (name && name !== base) return;
    clearTimeout(timer);
    timer = setTimeout(check, 100);
  });
  watcher.on("error", (error) => log.warn({ err: error }, "supergraph watcher failed"));
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
