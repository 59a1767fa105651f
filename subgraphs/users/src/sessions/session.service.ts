import { randomUUID } from "node:crypto";
import { BadUserInputError, ForbiddenError, requireViewer, ROLE_SCOPES, UnauthenticatedError, type Viewer } from "@amazoff/kit";
import { loginSubjects } from "../auth/login-subjects.ts";
import { checkedPassword } from "../auth/password-check.ts";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import { PASSWORD_MAX_LENGTH } from "../auth/password-policy.ts";
import { ACCESS_TOKEN_TTL_SECONDS, type TokenIssuer } from "../auth/token-issuer.ts";
import type { UsersContext } from "../context.ts";
import type { ThrottleService } from "../throttle/throttle.service.ts";
import type { User } from "../users/user.model.ts";
import type { UserRepository } from "../users/user.repository.ts";
import { normaliseEmail } from "../users/user.validation.ts";
import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken, REFRESH_TOKEN_TTL_MS } from "./refresh-token.ts";
import type { AuthPayload } from "./session.model.ts";
import type { SessionRepository } from "./session.repository.ts";

/** One message for every failed sign-in: it must not tell which part was wrong. */
const WRONG_CREDENTIALS = "Wrong email or password";

export interface SessionServiceDeps {
  users: UserRepository;
  sessions: SessionRepository;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  throttle: ThrottleService;
  now?: () => Date;
}

/** Sign-in, refresh-token rotation and sign-out. */
export class SessionService {
  private readonly now: () => Date;
  constructor(private readonly deps: SessionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async login(ctx: UsersContext, email: string, password: string): Promise<AuthPayload> {
    const normalised = normaliseEmail(email);
    if (password === "") throw new BadUserInputError("`password` must not be empty", "password");
    // No account has a longer password; refusing here keeps huge inputs away from scrypt.
    if (password.length > PASSWORD_MAX_LENGTH * 4) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    const subjects = loginSubjects(normalised, ctx.clientAddress);
    await this.deps.throttle.begin([subjects.account, subjects.address]);
    const account = await this.deps.users.findCredentialsByEmail(normalised);
    // Unknown emails and password-less accounts (partners) still cost one scrypt: same timing.
    const valid = await checkedPassword(this.deps, [subjects.account, subjects.address], password, account?.passwordHash);
    if (!account || !valid) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    await this.deps.throttle.succeeded([subjects.account], [subjects.address]);
    if (this.deps.hasher.needsRehash(account.passwordHash!)) await this.upgradeHash(ctx, account.id, account.passwordHash!, password);
    const { passwordHash: _hash, ...user } = account;
    return this.start(ctx, user);
  }

  /** Opens a session for a user who just proved who they are (sign-in or sign-up). */
  async start(ctx: UsersContext, user: User): Promise<AuthPayload> {
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const expiresAt = new Date(this.now().getTime() + REFRESH_TOKEN_TTL_MS);
    const created = await this.deps.sessions.create({
      id: sessionId,
      userId: user.id,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt,
    });
    if (!created) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    return this.payload(ctx, user, sessionId, refreshToken, expiresAt);
  }

  async refresh(ctx: UsersContext, refreshToken: string): Promise<AuthPayload> {
    if (!isRefreshTokenShaped(refreshToken)) throw new UnauthenticatedError("Invalid refresh token");
    const now = this.now();
    const next = newRefreshToken();
    const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
    const rotation = await this.deps.sessions.rotate(hashRefreshToken(refreshToken), { tokenHash: hashRefreshToken(next), expiresAt }, now);
    if (rotation.kind === "reused") {
      // Two parties hold this session's tokens; we cannot tell which is the owner, so both lose it.
      await this.deps.sessions.revoke(rotation.sessionId, "refresh_token_reuse", now);
      ctx.log.warn({ sessionId: rotation.sessionId }, "refresh token reused: session revoked");
      throw new UnauthenticatedError("Invalid refresh token");
    }
    if (rotation.kind === "invalid") throw new UnauthenticatedError("Invalid refresh token");
    return this.payload(ctx, rotation.user, rotation.sessionId, next, expiresAt);
  }

  async logout(ctx: UsersContext): Promise<boolean> {
    const viewer = requireViewer(ctx.viewer);
    if (!viewer.sessionId) throw new ForbiddenError("Only a signed-in session can be ended; API keys are revoked by an admin");
    await this.deps.sessions.revoke(viewer.sessionId, "logout", this.now(), viewer.userId);
    return true;
  }

  /**
   * The viewer, if their session is still running. Every service refuses a revoked session's
   * tokens once the revocation feed has delivered it (about a second); the users subgraph's own
   * sensitive writes check the session itself, so that second does not count here.
   */
  async requireActive(ctx: UsersContext): Promise<Viewer> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.sessionId && !(await this.deps.sessions.isActive(viewer.sessionId, viewer.userId))) {
      throw new UnauthenticatedError("This session has ended; sign in again");
    }
    return viewer;
  }

  private payload(ctx: UsersContext, user: User, sessionId: string, refreshToken: string, refreshTokenExpiresAt: Date): AuthPayload {
    const access = this.deps.tokens.issue(
      { userId: user.id, role: user.role, scopes: ROLE_SCOPES[user.role], sessionId },
      ACCESS_TOKEN_TTL_SECONDS,
    );
    // This request proved who it is: the payload's user may show its private fields.
    ctx.authenticatedUserIds.add(user.id);
    return { accessToken: access.token, tokenType: "Bearer", expiresIn: access.expiresIn, refreshToken, refreshTokenExpiresAt, user };
  }

  private async upgradeHash(ctx: UsersContext, userId: string, previous: string, password: string): Promise<void> {
    try {
      await this.deps.users.replacePasswordHash(userId, previous, await this.deps.hasher.hash(password));
    } catch (error) {
      ctx.log.warn({ err: error, userId }, "could not upgrade a password hash");
    }
  }
}
