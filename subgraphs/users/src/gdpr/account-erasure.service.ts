import {
  assertId,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  requireScope,
  requireViewer,
  SCOPES,
  UnauthenticatedError,
} from "@amazoff/kit";
import { loginAccountSubject } from "../auth/login-subjects.ts";
import { checkCurrentPassword } from "../auth/password-check.ts";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import type { UsersContext } from "../context.ts";
import type { SessionService } from "../sessions/session.service.ts";
import type { ThrottleService } from "../throttle/throttle.service.ts";
import type { UserRepository } from "../users/user.repository.ts";
import type { Erasure } from "./personal-data.model.ts";
import type { PersonalDataRepository } from "./personal-data.repository.ts";

export interface AccountErasureServiceDeps {
  users: UserRepository;
  personalData: PersonalDataRepository;
  sessions: SessionService;
  hasher: PasswordHasher;
  throttle: ThrottleService;
  now?: () => Date;
}

const ADMIN_SELF = "An admin account cannot delete itself; another admin must remove it (deleteUser)";

/**
 * GDPR erasure (`deleteMyAccount`, and `deleteUser` for admins). This subgraph's data is erased in
 * one transaction that also writes UserDeleted; every other subgraph erases or anonymises its
 * own data when that event reaches it (orders stay, anonymised, for accounting).
 */
export class AccountErasureService {
  private readonly now: () => Date;
  constructor(private readonly deps: AccountErasureServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * The signed-in user erases their own account after re-entering their password (throttled like
   * sign-in). Refused for partners (no password; an admin removes them) and admins (another
   * admin must, so that an account holding every scope is never erased by a stolen session alone).
   */
  async deleteMine(ctx: UsersContext, password: string): Promise<boolean> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.role === "PARTNER") throw new ForbiddenError("Partner accounts have no password; an admin removes them with deleteUser");
    requireScope(viewer, SCOPES.USERS_WRITE_OWN);
    await this.deps.sessions.requireActive(ctx);
    const account = await this.deps.users.findCredentialsById(viewer.userId);
    if (!account) throw new UnauthenticatedError("This account no longer exists");
    if (account.role === "PARTNER" || account.passwordHash === null) {
      throw new ForbiddenError("Partner accounts have no password; an admin removes them with deleteUser");
    }
    if (account.role === "ADMIN") throw new ConflictError(ADMIN_SELF);
    if (password === "") throw new BadUserInputError("`password` must not be empty", "password");
    await checkCurrentPassword(this.deps, account, password, ctx.clientAddress, () => new UnauthenticatedError("Wrong password"));
    const erasure = await this.deps.personalData.erase(account.id, {
      guard: "any_admin",
      throttleKeys: [loginAccountSubject(account.email).key],
      now: this.now(),
    });
    this.settle(ctx, account.id, erasure, () => new UnauthenticatedError("This account no longer exists"));
    ctx.log.info({ userId: account.id }, "account erased by its owner");
    return true;
  }

  /** An admin erases someone else's account (any role; never the last admin, never themself). */
  async deleteUser(ctx: UsersContext, id: string): Promise<boolean> {
    requireScope(ctx.viewer, SCOPES.USERS_ADMIN);
    const admin = await this.deps.sessions.requireActive(ctx);
    const userId = assertId(id, "id", "user id");
    if (userId === admin.userId) throw new ConflictError(ADMIN_SELF);
    const [target] = await this.deps.users.findByIds([userId]);
    if (!target || target.deletedAt) throw new NotFoundError("No such user");
    const erasure = await this.deps.personalData.erase(userId, {
      guard: "last_admin",
      throttleKeys: [loginAccountSubject(target.email).key],
      now: this.now(),
    });
    this.settle(ctx, userId, erasure, () => new NotFoundError("No such user"));
    ctx.log.info({ userId, by: admin.userId }, "account erased by an admin");
    return true;
  }

  private settle(ctx: UsersContext, userId: string, erasure: Erasure, notFound: () => Error): void {
    switch (erasure.kind) {
      case "erased":
        // Later lookups in this request see the anonymised row.
        ctx.loaders.user.clear(userId);
        ctx.loaders.addresses.clear(userId);
        return;
      case "not_found":
        throw notFound();
      case "admin":
        throw new ConflictError(ADMIN_SELF);
      case "last_admin":
        throw new ConflictError("The last admin cannot be deleted; promote another admin first");
    }
  }
}
