/**
 * Formatting of thrown values for the server log.
 */

/** A loggable text (with the stack, when there is one) for anything thrown. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
