/**
 * Sets of IP addresses as sorted, disjoint intervals of bigints, one family at a time.
 * Exact: "0.0.0.0/1 plus 128.0.0.0/1" and "0.0.0.0/0" are the same set.
 */

export type Family = 4 | 6;

/** Frozen where it is shared (parsed CIDRs): sets never change an interval they hold. */
export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint; // inclusive
}

export class AddressSet {
  private constructor(
    readonly family: Family,
    readonly intervals: readonly Interval[],
  ) {}

  /** @internal Builds a set from already-normalised intervals. */
  static ofNormalised(family: Family, intervals: readonly Interval[]): AddressSet {
    return new AddressSet(family, intervals);
  }

  static empty(family: Family): AddressSet {
    return new AddressSet(family, []);
  }

  static all(family: Family): AddressSet {
    return new AddressSet(family, [{ lo: 0n, hi: maxOf(family) }]);
  }

  static fromCidrs(family: Family, cidrs: readonly string[]): AddressSet {
    if (cidrs.length === 1) return single(family, cidrs[0]!);
    const ivs: Interval[] = [];
    for (const c of cidrs) {
      const p = parseCidr(c);
      if (p && p.family === family) ivs.push(p.interval);
    }
    return new AddressSet(family, normalise(ivs));
  }

  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  union(o: AddressSet): AddressSet {
    return new AddressSet(this.family, normalise([...this.intervals, ...o.intervals]));
  }

  intersect(o: AddressSet): AddressSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = o.intervals;
    while (i < a.length && j < b.length) {
      const lo = a[i]!.lo > b[j]!.lo ? a[i]!.lo : b[j]!.lo;
      const hi = a[i]!.hi < b[j]!.hi ? a[i]!.hi : b[j]!.hi;
      if (lo <= hi) out.push({ lo, hi });
      if (a[i]!.hi < b[j]!.hi) i++;
      else j++;
    }
    return new AddressSet(this.family, out);
  }

  minus(o: AddressSet): AddressSet {
    return this.intersect(o.complement());
  }

  complement(): AddressSet {
    const out: Interval[] = [];
    let next = 0n;
    for (const iv of this.intervals) {
      if (iv.lo > next) out.push({ lo: next, hi: iv.lo - 1n });
      next = iv.hi + 1n;
    }
    if (next <= maxOf(this.family)) out.push({ lo: next, hi: maxOf(this.family) });
    return new AddressSet(this.family, out);
  }

  equals(o: AddressSet): boolean {
    return this.intervals.length === o.intervals.length && this.intervals.every((iv, k) => iv.lo === o.intervals[k]!.lo && iv.hi === o.intervals[k]!.hi);
  }

  /** Covers `o` completely. A walk over both sorted lists: no set is built. */
  covers(o: AddressSet): boolean {
    const mine = this.intervals;
    let i = 0;
    for (const iv of o.intervals) {
      while (i < mine.length && mine[i]!.hi < iv.lo) i++;
      if (i === mine.length || mine[i]!.lo > iv.lo) return false;
      // Touching intervals of mine cover as one.
      let hi = mine[i]!.hi;
      while (hi < iv.hi && i + 1 < mine.length && mine[i + 1]!.lo <= hi + 1n) hi = mine[++i]!.hi > hi ? mine[i]!.hi : hi;
      if (hi < iv.hi) return false;
    }
    return true;
  }

  /** The set written as few CIDRs as possible (for messages); at most `limit` of them. */
  toCidrs(limit = 4): string[] {
    // Sets never change, and messages ask the same set again (each port of a rule, each finding).
    if (this.memo?.limit !== limit) this.memo = { limit, cidrs: this.cidrs(limit) };
    return [...this.memo.cidrs];
  }

  private memo: { limit: number; cidrs: string[] } | undefined;

  private cidrs(limit: number): string[] {
    const out: string[] = [];
    const bits = this.family === 4 ? 32 : 128;
    for (const iv of this.intervals) {
      let lo = iv.lo;
      while (lo <= iv.hi) {
        let size = bits;
        while (size > 0) {
          const block = 1n << BigInt(bits - size + 1);
          if (lo % block !== 0n || lo + block - 1n > iv.hi) break;
          size--;
        }
        out.push(`${format(this.family, lo)}/${size}`);
        if (out.length >= limit) return out;
        lo += 1n << BigInt(bits - size);
      }
    }
    return out;
  }
}

/**
 * A function of CIDR text, memoised: templates repeat 0.0.0.0/0 and their VPC blocks endlessly.
 * The memo is emptied when it passes 10,000 keys, so odd input cannot grow it without bound.
 */
export function cidrMemo<V>(make: (cidr: string) => V): (cidr: string) => V {
  const memo = new Map<string, V>();
  return (cidr) => {
    if (memo.has(cidr)) return memo.get(cidr) as V;
    const v = make(cidr);
    if (memo.size > 10_000) memo.clear();
    memo.set(cidr, v);
    return v;
  };
}

const singleOf = (family: Family) =>
  cidrMemo((cidr) => {
    const p = parseCidr(cidr);
    return p && p.family === family ? AddressSet.ofNormalised(family, [p.interval]) : AddressSet.empty(family);
  });
const singles: Record<Family, (cidr: string) => AddressSet> = { 4: singleOf(4), 6: singleOf(6) };

/** One CIDR's set. */
function single(family: Family, cidr: string): AddressSet {
  return singles[family](cidr);
}

function maxOf(family: Family): bigint {
  return family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
}

function normalise(ivs: readonly Interval[]): Interval[] {
  const sorted = [...ivs].sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  const out: { lo: bigint; hi: bigint }[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.lo <= last.hi + 1n) {
      if (iv.hi > last.hi) last.hi = iv.hi;
    } else out.push({ lo: iv.lo, hi: iv.hi });
  }
  return out;
}

export function cidrFamily(cidr: string): Family | undefined {
  return parseCidr(cidr)?.family;
}

export interface ParsedCidr {
  readonly family: Family;
  readonly interval: Interval;
}

/**
 * Parses `a.b.c.d/n` or an IPv6 CIDR; a bare address is a /32 or /128. Undefined if malformed.
 * Memoised, so the result is shared and frozen.
 */
export const parseCidr: (cidr: string) => ParsedCidr | undefined = cidrMemo((cidr) => {
  const p = parseCidrText(cidr);
  return p && Object.freeze({ family: p.family, interval: Object.freeze(p.interval) });
});

function parseCidrText(cidr: string): { family: Family; interval: Interval } | undefined {
  const [addr, lenText] = cidr.trim().split('/');
  if (!addr) return undefined;
  const family: Family = addr.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const len = lenText === undefined ? bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bits) return undefined;
  const value = family === 4 ? parse4(addr) : parse6(addr);
  if (value === undefined) return undefined;
  const hostBits = BigInt(bits - len);
  const lo = (value >> hostBits) << hostBits;
  return { family, interval: { lo, hi: lo + (1n << hostBits) - 1n } };
}

function parse4(a: string): bigint | undefined {
  const parts = a.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parse6(a: string): bigint | undefined {
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - groups.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let v = 0n;
  for (const g of all) v = (v << 16n) | BigInt(parseInt(g, 16));
  return v;
}

function format(family: Family, v: bigint): string {
  if (family === 4) {
    // 32 bits fit a number exactly, whose shifts cost far less than a bigint's.
    const n = Number(v);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * The public internet: everything routable that is not private, shared, loopback, link-local,
 * multicast or reserved (RFC 1918, 6598, 1122, 3927, 5771, 1112). For IPv6, global unicast 2000::/3.
 */
export const INTERNET: Record<Family, AddressSet> = {
  4: AddressSet.all(4).minus(
    AddressSet.fromCidrs(4, ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4']),
  ),
  6: AddressSet.fromCidrs(6, ['2000::/3']),
};
