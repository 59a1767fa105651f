import type { Logger } from "@amazoff/kit";
import { Kind, parse } from "graphql";

export interface SubgraphTarget {
  name: string;
  /** Its GraphQL URL; the probe asks `/health` at the same origin. */
  url: string;
}

export interface SubgraphState {
  /** Whether its last probe answered 2xx in time. */
  up: boolean;
  /** How long its last successful probe took; null when down or not probed yet. */
  latencyMs: number | null;
  /** When it was last probed (ISO 8601); null before the first probe. */
  checkedAt: string | null;
  /** Why the last probe failed. */
  error?: string;
}

export interface SubgraphHealth {
  /** The subgraphs to probe (each supergraph load); probing starts with the first call. */
  setSubgraphs(targets: SubgraphTarget[]): void;
  /** The last known state of each subgraph, by name. Never probes: that runs in the background. */
  snapshot(): Record<string, SubgraphState>;
  stop(): void;
}

/** The subgraphs of a supergraph (its `join__Graph` enum), with URL overrides applied. */
export function subgraphsOfSupergraph(supergraphSdl: string, overrides: Record<string, string> = {}): SubgraphTarget[] {
  const targets: SubgraphTarget[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === "join__graph");
      const argument = (name: string) => {
        const node = graph?.arguments?.find((a) => a.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const name = argument("name");
      const url = name ? (overrides[name] ?? argument("url")) : undefined;
      if (name && url) targets.push({ name, url });
    }
  }
  return targets;
}

/**
 * Probes every subgraph's `/health` in the background, one round every `intervalMs`, and keeps the
 * last result of each for the router's `/ready`: a readiness check must not wait on subgraphs, nor
 * multiply calls to them by the number of checkers. A subgraph going down or coming back is
 * logged once.
 */
export function createSubgraphHealth(options: { intervalMs: number; logger: Logger }): SubgraphHealth {
  const log = options.logger.child({ source: "subgraph-health" });
  const probeTimeoutMs = Math.min(options.intervalMs, 5_000);
  let targets: SubgraphTarget[] = [];
  let states: Record<string, SubgraphState> = {};
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let stopped = false;

  async function probe(target: SubgraphTarget): Promise<SubgraphState> {
    const started = performance.now();
    const checkedAt = new Date().toISOString();
    try {
      const response = await fetch(new URL("/health", target.url), { signal: AbortSignal.timeout(probeTimeoutMs) });
      await response.body?.cancel();
      if (!response.ok) return { up: false, latencyMs: null, checkedAt, error: `HTTP ${response.status}` };
      return { up: true, latencyMs: Math.round(performance.now() - started), checkedAt };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason =
        (error as Error).name === "TimeoutError" ? `no answer within ${probeTimeoutMs} ms` : (cause ?? (error as Error).message);
      return { up: false, latencyMs: null, checkedAt, error: reason };
    }
  }

  async function round(): Promise<void> {
    const results = await Promise.all(targets.map(async (target) => [target.name, await probe(target)] as const));
    if (stopped) return;
    for (const [name, state] of results) {
      const known = states[name]?.checkedAt ? states[name] : undefined;
      if (!state.up && (!known || known.up)) log.warn({ serviceName: name, reason: state.error }, "subgraph unavailable");
      if (state.up && known && !known.up) log.info({ serviceName: name, latencyMs: state.latencyMs }, "subgraph available again");
    }
    const names = new Set(targets.map((t) => t.name));
    states = Object.fromEntries([...Object.entries(states), ...results].filter(([name]) => names.has(name)));
  }

  function schedule(): void {
    timer = setTimeout(() => {
      void round().finally(() => {
        if (!stopped) schedule();
      });
    }, options.intervalMs);
    timer.unref();
  }

  return {
    setSubgraphs(next) {
      targets = next;
      states = Object.fromEntries(next.map((t) => [t.name, states[t.name] ?? { up: false, latencyMs: null, checkedAt: null }]));
      if (started || stopped) return;
      started = true;
      void round().finally(() => !stopped && schedule());
    },
    snapshot: () => structuredClone(states),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
