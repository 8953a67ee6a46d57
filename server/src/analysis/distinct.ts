/**
 * The items in order, each once (compared as a Set compares them). The lists the messages are
 * made of hold a few strings: comparing each with those kept costs less than hashing them all into
 * a Set, which for strings made just before means reading every character. Long lists use a Set.
 */
export function distinct<T>(items: readonly T[]): T[] {
  if (items.length > 16) return [...new Set(items)];
  const out: T[] = [];
  for (const x of items) if (!out.includes(x)) out.push(x);
  return out;
}
