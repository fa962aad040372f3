// Fresh TOTP codes for the e2e tests. The server refuses a code (time step) it has already accepted
// for that user (it stores the last accepted counter), and accepts codes of the neighbouring steps
// (±1; security.md A2). So one user can log in up to three times per 30-second window: this helper
// hands out steps in increasing order per username and waits for the next window when needed.
// REGIE_TOTP_WINDOW=0 makes it use only the current step (for a server without the ±1 window).
import { totp, stepAt, STEP } from '../lib/totp.mjs';
import { sleep } from './_server.mjs';

const used = new Map();
const WINDOW = process.env.REGIE_TOTP_WINDOW === '0' ? 0 : 1;

/** @returns {Promise<{ code: string, step: number }>} */
export async function freshCode(account) {
  for (;;) {
    const ms = Date.now();
    const cur = stepAt(ms);
    const into = (ms / 1000) % STEP;
    const last = used.get(account.username) ?? -Infinity;
    const step = Math.max(last + 1, cur - WINDOW);
    // keep well away from the edges of the accepted window (client/server clocks, request time)
    const ok = (step === cur - 1 && into < 20) || (step === cur && into < STEP - 3) || (step === cur + 1 && WINDOW && into > 2);
    if (ok) {
      used.set(account.username, step);
      return { code: totp(account.totp_secret, { step }), step };
    }
    await sleep(step <= cur ? 1000 : Math.ceil((STEP - into) * 1000) + 250);
  }
}

/** Record that a step was consumed outside freshCode (e.g. the activation confirm). */
export function markUsed(username, step) {
  used.set(username, Math.max(used.get(username) ?? -Infinity, step));
}

/** A 6-digit code that is certainly wrong for the current window (and its neighbours). */
export function wrongCode(account) {
  const now = stepAt();
  const valid = new Set([now - 1, now, now + 1].map((s) => totp(account.totp_secret, { step: s })));
  for (let i = 0; i < 1000000; i += 7919) {
    const c = String((123456 + i) % 1000000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
  throw new Error('unreachable');
}

export { totp, stepAt };
