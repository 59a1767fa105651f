const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
const OMIT = new Set(["level", "time", "msg", "service", "name", "pid", "hostname"]);
const COLOURS: Record<number, string> = { 40: "\x1b[33m", 50: "\x1b[31m", 60: "\x1b[31m" };

/**
 * One line of a child's output for a developer's terminal: pino JSON becomes
 * `12:00:01 [catalog] INFO  message key=value`; anything else is printed as it came.
 */
export function formatLogLine(service: string, line: string, colour: boolean): string {
  const tag = `[${service}]`.padEnd(15);
  if (!line.startsWith("{")) return `${tag} ${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = typeof entry.time === "string" ? entry.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
    const level = typeof entry.level === "number" ? entry.level : 30;
    const extras = Object.entries(entry)
      .filter(([key]) => !OMIT.has(key))
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" ");
    const text = `${time} ${tag} ${LEVELS[level] ?? level} ${String(entry.msg ?? "")}${extras ? `  ${extras}` : ""}`;
    return colour && COLOURS[level] ? `${COLOURS[level]}${text}\x1b[0m` : text;
  } catch {
    return `${tag} ${line}`;
  }
}
