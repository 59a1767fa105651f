import { mkdir, appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { EmailMessage } from "./email-template.ts";

/** Sends email. A rejection is a failed attempt: the delivery is retried later. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close?(): void;
}

/** An SMS ready to send. */
export interface SmsMessage {
  /** E.164 number. */
  to: string;
  text: string;
}

/** Sends SMS through a provider. A rejection is a failed attempt: the delivery is retried later. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** Real SMTP through nodemailer (`smtp://user:password@host:587`, or `smtps://` for TLS from the start). */
export function smtpEmailSender(options: { url: string; from: string; timeoutMs?: number }): EmailSender {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => transport.close(),
  };
}

let fileCounter = 0;
const fileStamp = () => {
  fileCounter += 1;
  return `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}-${fileCounter}`;
};

/**
 * Development: each email written as an `.eml` file into `dir` (open it with any mail client),
 * exactly as it would go out over SMTP.
 */
export function emlFileEmailSender(options: { dir: string; from: string }): EmailSender {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      await mkdir(options.dir, { recursive: true });
      await writeFile(path.join(options.dir, `${fileStamp()}.eml`), info.message as Buffer);
    },
  };
}

/** Every sender in turn (development: the .eml file first, then SMTP when one is configured). */
export function allEmailSenders(senders: readonly EmailSender[]): EmailSender {
  return {
    async send(message) {
      for (const sender of senders) await sender.send(message);
    },
    close() {
      for (const sender of senders) sender.close?.();
    },
  };
}

/** Development SMS provider: each message appended as a JSON line to `<dir>/sms.log`. */
export function fileSmsSender(dir: string): SmsSender {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      await appendFile(path.join(dir, "sms.log"), `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`);
    },
  };
}

/** SMS text: the title and the link, short enough for one or two messages. */
export function renderSms(shopName: string, link: string, notification: { title: string }): SmsMessage["text"] {
  return `${shopName}: ${notification.title}. ${link}`;
}
