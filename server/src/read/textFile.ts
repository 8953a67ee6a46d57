/**
 * File text for the readers. Node's UTF-8 decoding of a whole file costs about half a
 * JSON.parse of it; most templates are ASCII, whose bytes are their characters, and are copied
 * as they are (a native check first says whether they are).
 */
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';

/** The text of `bytes` when they are all ASCII (copied as they are), else undefined. */
export function asciiText(bytes: Buffer): string | undefined {
  return isAscii(bytes) ? bytes.toString('latin1') : undefined;
}

/** The text of `bytes`, as UTF-8 (invalid bytes become U+FFFD, as Node decodes them). */
export function decodeText(bytes: Buffer): string {
  return asciiText(bytes) ?? bytes.toString('utf8');
}

/** A file's text, as `readFileSync(file, 'utf8')` gives it. Throws as that does. */
export function readTextFile(file: string): string {
  return decodeText(fs.readFileSync(file));
}
