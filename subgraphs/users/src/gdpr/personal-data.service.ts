import { ForbiddenError, isUuid, requireScope, SCOPES, UnauthenticatedError } from "@amazoff/kit";
import { loginAccountSubject } from "../auth/login-subjects.ts";
import type { UsersContext } from "../context.ts";
import type { SessionService } from "../sessions/session.service.ts";
import type { AccountData, PersonalDataExport } from "./personal-data.model.ts";
import type { PersonalDataRepository } from "./personal-data.repository.ts";

export interface PersonalDataServiceDeps {
  personalData: PersonalDataRepository;
  sessions: SessionService;
  now?: () => Date;
}

const NOT_YOURS = "A personal data export is only available to the person it describes";

/**
 * GDPR access requests (`exportMyData`). Only the person themself may read their export: not
 * staff, not through a federation reference naming someone else. The export is an entity so that
 * the router can gather every subgraph's part of it under one query.
 */
export class PersonalDataService {
  private readonly now: () => Date;
  constructor(private readonly deps: PersonalDataServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The signed-in user's export (`users:read:own`, from a running session). */
  async mine(ctx: UsersContext): Promise<PersonalDataExport> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_READ_OWN);
    await this.deps.sessions.requireActive(ctx);
    return { userId: viewer.userId, generatedAt: this.now() };
  }

  /** A federation reference: the viewer's own export, FORBIDDEN for anyone else's. */
  async byReference(ctx: UsersContext, userId: unknown): Promise<PersonalDataExport> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_READ_OWN);
    if (!isUuid(userId) || userId.toLowerCase() !== viewer.userId) throw new ForbiddenError(NOT_YOURS);
    return this.mine(ctx);
  }

  /** `PersonalDataExport.account`, checked again: a parent built elsewhere must not widen access. */
  async account(ctx: UsersContext, request: PersonalDataExport): Promise<AccountData> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_READ_OWN);
    if (request.userId !== viewer.userId) throw new ForbiddenError(NOT_YOURS);
    const data = await this.deps.personalData.collect(viewer.userId, (email) => loginAccountSubject(email).key);
    if (!data) throw new UnauthenticatedError("This account no longer exists");
    return data;
  }
}
