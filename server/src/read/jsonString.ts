/**
 * Where a JSON string ends, found without decoding it: for the walks over JSON text that only
 * need its structure (the views' tape, the CDK reader's resource spans).
 */

/** The offset after the string whose opening quote is at `p`, or -1 when it is not closed. */
export function stringEnd(t: string, p: number): number {
  for (;;) {
    const q = t.indexOf('"', p + 1);
    if (q < 0) return -1;
    // A quote is escaped when an odd number of backslashes stands before it.
    let b = q - 1;
    while (t.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    p = q;
  }
}
