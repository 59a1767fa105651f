import type { Notification } from "../notifications/notification.model.ts";

/** An email ready to send. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Shop {
  name: string;
  /** The shop's address, e.g. `https://shop.example.com`; links are made from it. */
  url: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The absolute address of a path in the shop (the notification's link, or the shop's home), under the shop's own path if it has one. */
export const shopLink = (shop: Shop, path: string | null): string =>
  new URL((path ?? "").replace(/^\/+/, ""), shop.url.endsWith("/") ? shop.url : `${shop.url}/`).toString();

/**
 * The email of a notification: plain text and HTML saying the same, signed with the shop's name,
 * with a link back to the shop (to what the notification is about). Every value is escaped in
 * the HTML: names and texts come from users and events.
 */
export function renderEmail(
  shop: Shop,
  to: { email: string; displayName: string },
  notification: Pick<Notification, "title" | "body" | "link">,
): EmailMessage {
  const link = shopLink(shop, notification.link);
  const preferences = shopLink(shop, "/account/notifications");
  const text = [
    `Hello ${to.displayName},`,
    "",
    notification.body,
    "",
    `See it in the shop: ${link}`,
    "",
    `— ${shop.name}`,
    `You receive this because of your notification preferences: ${preferences}`,
    "",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(notification.title)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #222; max-width: 560px; margin: 0 auto; padding: 24px;">
  <p style="font-size: 18px; font-weight: bold; margin: 0 0 16px;">${escapeHtml(shop.name)}</p>
  <h1 style="font-size: 20px; margin: 0 0 12px;">${escapeHtml(notification.title)}</h1>
  <p>Hello ${escapeHtml(to.displayName)},</p>
  <p>${escapeHtml(notification.body)}</p>
  <p><a href="${escapeHtml(link)}" style="display: inline-block; background: #f0a020; color: #111; padding: 10px 16px; text-decoration: none; border-radius: 4px;">See it in the shop</a></p>
  <p style="font-size: 12px; color: #666; margin-top: 32px;">You receive this because of your <a href="${escapeHtml(preferences)}">notification preferences</a> at ${escapeHtml(shop.name)}.</p>
</body>
</html>
`;
  // The shop's name once: "Welcome to Amazoff" needs no "— Amazoff" after it.
  const subject = notification.title.includes(shop.name) ? notification.title : `${notification.title} — ${shop.name}`;
  return { to: to.email, subject, text, html };
}
