import type { User } from "../users/user.model.ts";

/** What `signup`, `login` and `refreshSession` return. */
export interface AuthPayload {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

/** Why a session ended (stored in sessions.revoked_reason). */
export type RevokedReason = "logout" | "refresh_token_reuse" | "password_changed" | "role_changed";

/** Outcome of presenting a refresh token. */
export type Rotation =
  | { kind: "rotated"; user: User; sessionId: string }
  /** Unknown, expired, or of an ended session. */
  | { kind: "invalid" }
  /** Already rotated: someone holds a copy. The caller ends the session. */
  | { kind: "reused"; sessionId: string };
