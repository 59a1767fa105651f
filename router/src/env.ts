import { envFields, loadEnv } from "@amazoff/kit";
import { z } from "zod";

const schema = z.object({
  PORT: envFields.port(4000),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  /** The composed supergraph SDL the router serves (written by `npm run compose`). */
  SUPERGRAPH_PATH: z.string().default("supergraph.graphql"),
  /**
   * Subgraph URLs that replace the supergraph's routing URLs, as `name=url` pairs separated by
   * commas, e.g. `catalog=http://catalog:4001/graphql` in a container network.
   */
  SUBGRAPH_URL_OVERRIDES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const overrides: Record<string, string> = {};
      for (const pair of value.split(",").map((p) => p.trim()).filter(Boolean)) {
        const [name, url] = pair.split(/=(.*)/s);
        if (!name || !url || !URL.canParse(url)) {
          ctx.addIssue({ code: "custom", message: `"${pair}" is not name=url` });
          continue;
        }
        overrides[name] = url;
      }
      return overrides;
    }),
});

export type RouterEnv = z.infer<typeof schema>;

export const loadRouterEnv = (source: Record<string, string | undefined> = process.env): RouterEnv => loadEnv(schema, source);
