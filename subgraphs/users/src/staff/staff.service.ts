import { assertId, BadUserInputError, ConflictError, NotFoundError, requireScope, SCOPES, type Role } from "@amazoff/kit";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import { assertAcceptablePassword } from "../auth/password-policy.ts";
import type { UsersContext } from "../context.ts";
import type { SessionService } from "../sessions/session.service.ts";
import type { User } from "../users/user.model.ts";
import type { UserRepository } from "../users/user.repository.ts";
import { cleanDisplayName, normaliseEmail } from "../users/user.validation.ts";

/** Roles an admin can assign; partner accounts are created as such and stay partners. */
const ASSIGNABLE_ROLES = ["CUSTOMER", "EMPLOYEE", "ADMIN"] as const;
type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
const isAssignable = (role: Role): role is AssignableRole => (ASSIGNABLE_ROLES as readonly string[]).includes(role);

export interface StaffServiceDeps {
  users: UserRepository;
  sessions: SessionService;
  hasher: PasswordHasher;
  now?: () => Date;
}

/** Account administration: `users:admin` only (employees cannot grant anyone anything). */
export class StaffService {
  constructor(private readonly deps: StaffServiceDeps) {}

  private async requireAdmin(ctx: UsersContext) {
    requireScope(ctx.viewer, SCOPES.USERS_ADMIN);
    return this.deps.sessions.requireActive(ctx);
  }

  async createEmployee(ctx: UsersContext, input: { email: string; displayName: string; password: string }): Promise<User> {
    await this.requireAdmin(ctx);
    const email = normaliseEmail(input.email);
    const displayName = cleanDisplayName(input.displayName);
    assertAcceptablePassword(input.password, email);
    const passwordHash = await this.deps.hasher.hash(input.password);
    return this.deps.users.create({ email, displayName, role: "EMPLOYEE", passwordHash });
  }

  async createPartner(ctx: UsersContext, input: { email: string; displayName: string }): Promise<User> {
    await this.requireAdmin(ctx);
    const email = normaliseEmail(input.email);
    const displayName = cleanDisplayName(input.displayName);
    // No password: partners authenticate with API keys only, so sign-in always fails for them.
    return this.deps.users.create({ email, displayName, role: "PARTNER", passwordHash: null });
  }

  async changeUserRole(ctx: UsersContext, input: { userId: string; role: Role }): Promise<User> {
    await this.requireAdmin(ctx);
    const userId = assertId(input.userId, "userId", "user id");
    if (!isAssignable(input.role))
      throw new BadUserInputError("`role` must be CUSTOMER, EMPLOYEE or ADMIN; partners are created with createPartner", "role");
    const change = await this.deps.users.changeRole(userId, input.role, (this.deps.now ?? (() => new Date()))());
    switch (change.kind) {
      case "not_found":
        throw new NotFoundError("No such user");
      case "partner":
        throw new BadUserInputError("Partner accounts keep the PARTNER role", "userId");
      case "last_admin":
        throw new ConflictError("The last admin cannot be demoted; promote another admin first");
      case "changed":
      case "unchanged":
        ctx.loaders.user.clear(change.user.id).prime(change.user.id, change.user);
        return change.user;
    }
  }
}
