/**
 * Yjs keeps a client id and a clock in every item's `ID`. Client ids are random 32-bit numbers,
 * half of them too big for a V8 small integer (31 bits), so the first big one stored makes V8 give the `client`
 * field a double representation: from then on every ID gets a number box of its own, even where
 * the id is small and even though all the items of one decoded run share one client — 16 bytes per
 * item, about 1.3 kB per document of the bench's five-page plan.
 *
 * Storing a non-number once, before any document is read, makes both fields tagged instead: a
 * small id or clock is stored inline, and the items decoded from one client's run point at the one
 * number their run decoded.
 */
import * as Y from 'yjs';

let generalized = false;

export function generalizeIdFields(): void {
  if (generalized) return;
  generalized = true;
  Y.createID(null as unknown as number, null as unknown as number);
}
