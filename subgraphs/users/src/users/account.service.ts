import { BadUserInputError, requireScope, SCOPES, UnauthenticatedError } from "@amazoff/kit";
import { checkCurrentPassword } from "../auth/password-check.ts";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import { assertAcceptablePassword } from "../auth/password-policy.ts";
import type { UsersContext } from "../context.ts";
import type { AuthPayload } from "../sessions/session.model.ts";
import type { SessionService } from "../sessions/session.service.ts";
import type { ThrottleService } from "../throttle/throttle.service.ts";
import type { User } from "./user.model.ts";
import type { UserRepository } from "./user.repository.ts";
import { cleanDisplayName, normaliseEmail } from "./user.validation.ts";

export interface AccountServiceDeps {
  users: UserRepository;
  sessions: SessionService;
  hasher: PasswordHasher;
  throttle: ThrottleService;
  now?: () => Date;
}

/** What people do with their own account: sign up, rename, change password. */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  async signup(ctx: UsersContext, input: { email: string; password: string; displayName: string }): Promise<AuthPayload> {
    const email = normaliseEmail(input.email);
    assertAcceptablePassword(input.password, email);
    const displayName = cleanDisplayName(input.displayName);
    // Hashing happens before the uniqueness check, so a taken email answers no faster.
    const passwordHash = await this.deps.hasher.hash(input.password);
    const user = await this.deps.users.create({ email, displayName, role: "CUSTOMER", passwordHash });
    return this.deps.sessions.start(ctx, user);
  }

  async updateProfile(ctx: UsersContext, input: { displayName: string }): Promise<User> {
    requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    const viewer = await this.deps.sessions.requireActive(ctx);
    const displayName = cleanDisplayName(input.displayName);
    const user = await this.deps.users.updateDisplayName(viewer.userId, displayName);
    if (!user) throw new UnauthenticatedError("This account no longer exists");
    ctx.loaders.user.clear(user.id).prime(user.id, user);
    return user;
  }

  /**
   * Checks the current password (throttled like sign-in: a stolen access token must not become a
   * password oracle), then stores the new one and ends every other session of the account.
   */
  async changePassword(ctx: UsersContext, input: { currentPassword: string; newPassword: string }): Promise<boolean> {
    requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    const viewer = await this.deps.sessions.requireActive(ctx);
    const account = await this.deps.users.findCredentialsById(viewer.userId);
    if (!account) throw new UnauthenticatedError("This account no longer exists");
    assertAcceptablePassword(input.newPassword, account.email, "newPassword");
    const wrong = () => new BadUserInputError("`currentPassword` is not correct", "currentPassword");
    await checkCurrentPassword(this.deps, account, input.currentPassword, ctx.clientAddress, wrong);
    if (await this.deps.hasher.verify(input.newPassword, account.passwordHash)) {
      throw new BadUserInputError("`newPassword` must differ from the current password", "newPassword");
    }
    const hash = await this.deps.hasher.hash(input.newPassword);
    await this.deps.users.changePassword(viewer.userId, hash, viewer.sessionId, (this.deps.now ?? (() => new Date()))());
    return true;
  }
}
