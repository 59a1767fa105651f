import {
  assertId,
  BadUserInputError,
  cleanText,
  ConflictError,
  decodeCursor,
  NotFoundError,
  PARTNER_GRANTABLE_SCOPES,
  pageSize,
  requireScope,
  SCOPES,
  toConnection,
  UnauthenticatedError,
  type Connection,
  type PageArgs,
} from "@amazoff/kit";
import { z } from "zod";
import { API_KEY_TOKEN_TTL_SECONDS, type TokenIssuer } from "../auth/token-issuer.ts";
import type { UsersContext } from "../context.ts";
import type { SessionService } from "../sessions/session.service.ts";
import { EXCHANGE_ADDRESS_POLICY, EXCHANGE_PREFIX_POLICY, type Subject } from "../throttle/throttle.policy.ts";
import { throttleSubject, type ThrottleService } from "../throttle/throttle.service.ts";
import type { UserRepository } from "../users/user.repository.ts";
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from "./api-key-secret.ts";
import type { ApiKey, ApiKeyPosition, CreatedApiKey } from "./api-key.model.ts";
import type { ApiKeyRepository } from "./api-key.repository.ts";

/** Active keys per partner: enough for rotation across several integrations. */
export const MAX_ACTIVE_KEYS = 20;
/** Keys expire at most this far ahead (a forgotten key should not live forever by accident). */
const MAX_LIFETIME_MS = 2 * 365 * 24 * 60 * 60 * 1000;

const positionSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

export interface ApiKeyServiceDeps {
  keys: ApiKeyRepository;
  users: UserRepository;
  sessions: SessionService;
  tokens: TokenIssuer;
  throttle: ThrottleService;
  now?: () => Date;
}

export interface ExchangeResult {
  accessToken: string;
  expiresIn: number;
}

/** Partners' API keys: administration (`users:admin`) and the exchange for short-lived tokens. */
export class ApiKeyService {
  private readonly now: () => Date;
  constructor(private readonly deps: ApiKeyServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(
    ctx: UsersContext,
    input: { partnerId: string; name: string; scopes: readonly string[]; expiresAt?: Date | null },
  ): Promise<CreatedApiKey> {
    const admin = await this.requireAdmin(ctx);
    const partnerId = assertId(input.partnerId, "partnerId", "user id");
    const name = cleanText(input.name, "name", { min: 1, max: 100 });
    const scopes = this.validateScopes(input.scopes);
    const now = this.now();
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && expiresAt <= now) throw new BadUserInputError("`expiresAt` must be in the future", "expiresAt");
    if (expiresAt && expiresAt.getTime() - now.getTime() > MAX_LIFETIME_MS)
      throw new BadUserInputError("`expiresAt` must be at most two years ahead", "expiresAt");
    const [partner] = await this.deps.users.findByIds([partnerId]);
    if (!partner || partner.deletedAt) throw new NotFoundError("No such partner");
    if (partner.role !== "PARTNER") throw new BadUserInputError("`partnerId` is not a partner account", "partnerId");
    // A prefix collision (1 in ~2.8e12 per pair) is retried with a fresh key.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const generated = generateApiKey();
      const result = await this.deps.keys.create(
        { userId: partnerId, name, prefix: generated.prefix, secretHash: generated.secretHash, scopes, createdBy: admin.userId, expiresAt },
        MAX_ACTIVE_KEYS,
        now,
      );
      if (result.kind === "no_partner") throw new NotFoundError("No such partner");
      if (result.kind === "limit")
        throw new ConflictError(`A partner can have at most ${MAX_ACTIVE_KEYS} active keys; revoke one first`, { limit: MAX_ACTIVE_KEYS });
      if (result.kind === "created") {
        ctx.log.info({ apiKeyId: result.apiKey.id, prefix: result.apiKey.prefix, partnerId }, "API key created");
        return { apiKey: result.apiKey, secret: generated.key };
      }
    }
    throw new Error("could not find a free API key prefix");
  }

  async list(ctx: UsersContext, args: PageArgs & { partnerId: string; includeRevoked?: boolean | null }): Promise<Connection<ApiKey>> {
    requireScope(ctx.viewer, SCOPES.USERS_ADMIN);
    const userId = assertId(args.partnerId, "partnerId", "user id");
    const size = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, positionSchema) : undefined;
    const includeRevoked = args.includeRevoked ?? false;
    const rows = size === 0 ? [] : await this.deps.keys.list({ userId, includeRevoked, after, take: size + 1 });
    return toConnection(rows, size, (k): ApiKeyPosition => ({ createdAt: k.createdAt.toISOString(), id: k.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.deps.keys.count(userId, includeRevoked),
    });
  }

  async revoke(ctx: UsersContext, id: string): Promise<ApiKey> {
    await this.requireAdmin(ctx);
    const key = await this.deps.keys.revoke(assertId(id, "id", "API key id"), this.now());
    if (!key) throw new NotFoundError("No such API key");
    ctx.log.info({ apiKeyId: key.id, prefix: key.prefix }, "API key revoked");
    return key;
  }

  /**
   * The router's exchange: a valid key gives a 60-second token for its partner with exactly the
   * key's scopes. Unknown, malformed, revoked and expired keys all fail alike (UNAUTHENTICATED);
   * failures are throttled per key prefix and per client address.
   */
  async exchange(request: { address: string }, presented: string): Promise<ExchangeResult> {
    const prefix = apiKeyPrefix(presented);
    const subjects: Subject[] = [throttleSubject("exchange", "address", request.address, EXCHANGE_ADDRESS_POLICY)];
    if (prefix) subjects.push(throttleSubject("exchange", "prefix", prefix, EXCHANGE_PREFIX_POLICY));
    await this.deps.throttle.check(subjects);
    const now = this.now();
    const key = prefix ? await this.deps.keys.findByPrefix(prefix) : null;
    const valid =
      key !== null &&
      apiKeyMatches(presented, key.secretHash) &&
      key.revokedAt === null &&
      (key.expiresAt === null || key.expiresAt > now) &&
      key.ownerRole === "PARTNER";
    if (!valid) {
      await this.deps.throttle.failed(subjects);
      throw new UnauthenticatedError("Invalid API key");
    }
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= 60_000) await this.deps.keys.touch(key.id, now);
    // Scopes are re-checked against today's grantable set: a scope withdrawn from partners later
    // is not granted by keys created before.
    const scopes = key.scopes.filter((s) => (PARTNER_GRANTABLE_SCOPES as readonly string[]).includes(s));
    const token = this.deps.tokens.issue({ userId: key.userId, role: "PARTNER", scopes, apiKeyId: key.id }, API_KEY_TOKEN_TTL_SECONDS);
    return { accessToken: token.token, expiresIn: token.expiresIn };
  }

  private async requireAdmin(ctx: UsersContext) {
    requireScope(ctx.viewer, SCOPES.USERS_ADMIN);
    return this.deps.sessions.requireActive(ctx);
  }

  private validateScopes(scopes: readonly string[]): string[] {
    const unique = [...new Set(scopes)];
    if (unique.length === 0) throw new BadUserInputError("`scopes` must name at least one scope", "scopes");
    const refused = unique.filter((s) => !(PARTNER_GRANTABLE_SCOPES as readonly string[]).includes(s));
    if (refused.length) {
      throw new BadUserInputError(`\`scopes\` may only contain ${PARTNER_GRANTABLE_SCOPES.join(", ")}`, "scopes", {
        refused: refused.slice(0, 10).map((s) => s.slice(0, 50)),
      });
    }
    return unique;
  }
}
