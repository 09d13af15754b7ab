/**
 * Remembers what an identifier-quoting function returns, per process.
 *
 * Names repeat: a SQLite table rebuild or an index re-quotes every column of
 * its table, so 10,000 revisions quote the same few thousand names a million
 * times (and the keyword tests upper-case each). Only names that quote
 * without error are kept, and the map is bounded so that a hostile project
 * cannot make it grow without end.
 */
const LIMIT = 1 << 18;

export function memoQuote(quote: (name: string) => string): (name: string) => string {
  const quoted = new Map<string, string>();
  return (name) => {
    const known = quoted.get(name);
    if (known !== undefined) return known;
    const q = quote(name);
    if (quoted.size < LIMIT) quoted.set(name, q);
    return q;
  };
}
