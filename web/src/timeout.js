// @ts-check
// Session-timeout arithmetic (pure; unit-tested). The server is the authority on idle and absolute
// expiry; the UI keeps local deadlines from idle_seconds_left / absolute_seconds_left and re-syncs
// with GET /api/session (which does not extend the session) before warning or logging out.

export const WARN_MS = 2 * 60 * 1000;

/**
 * @param {{ idle_seconds_left?: number, absolute_seconds_left?: number }} s
 * @param {number} now ms
 */
export function deadlinesFrom(s, now) {
  const idle = Number.isFinite(s?.idle_seconds_left) ? now + Number(s.idle_seconds_left) * 1000 : Infinity;
  const abs = Number.isFinite(s?.absolute_seconds_left) ? now + Number(s.absolute_seconds_left) * 1000 : Infinity;
  return { idleDeadline: Math.min(idle, abs), absoluteDeadline: abs };
}

/**
 * @returns {{ phase: 'ok'|'warn'|'expired', kind: 'idle'|'absolute', left: number }}
 */
export function timeoutPhase(now, idleDeadline, absoluteDeadline, warnMs = WARN_MS) {
  const kind = absoluteDeadline <= idleDeadline ? 'absolute' : 'idle';
  const left = Math.min(idleDeadline, absoluteDeadline) - now;
  if (!(left > 0)) return { phase: 'expired', kind, left: 0 };
  if (left <= warnMs) return { phase: 'warn', kind, left };
  return { phase: 'ok', kind, left };
}

/** Seconds shown in the warning, in steps of 15 s so screen readers are not flooded. */
export function displaySeconds(leftMs) {
  return Math.max(0, Math.ceil(leftMs / 15000) * 15);
}
