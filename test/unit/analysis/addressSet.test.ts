/** AddressSet: exact IPv4/IPv6 address-set arithmetic over CIDRs. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSet, INTERNET, cidrFamily, parseCidr } from '../../../server/src/analysis/addressSet.js';

const v4 = (...c: string[]) => AddressSet.fromCidrs(4, c);
const v6 = (...c: string[]) => AddressSet.fromCidrs(6, c);

describe('parseCidr', () => {
  it('parses IPv4 CIDRs and normalises host bits away', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { family: 4, interval: { lo: 0x0a000000n, hi: 0x0affffffn } });
    assert.deepEqual(parseCidr('10.1.2.3/16'), { family: 4, interval: { lo: 0x0a010000n, hi: 0x0a01ffffn } });
    assert.deepEqual(parseCidr('0.0.0.0/0'), { family: 4, interval: { lo: 0n, hi: 0xffffffffn } });
    assert.deepEqual(parseCidr('192.0.2.7'), { family: 4, interval: { lo: 0xc0000207n, hi: 0xc0000207n } });
  });

  it('parses IPv6 CIDRs, compressed or not', () => {
    assert.deepEqual(parseCidr('::/0'), { family: 6, interval: { lo: 0n, hi: (1n << 128n) - 1n } });
    assert.deepEqual(parseCidr('2001:db8::/32'), { family: 6, interval: { lo: 0x20010db8n << 96n, hi: (0x20010db8n << 96n) + (1n << 96n) - 1n } });
    assert.deepEqual(parseCidr('2001:0db8:0000:0000:0000:0000:0000:0001/128'), parseCidr('2001:db8::1'));
  });

  it('rejects malformed input', () => {
    for (const bad of ['', '10.0.0/8', '10.0.0.256/8', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/x', '::1::/64', '2001:db8::/129', '1:2:3:4:5:6:7:8:9/64', 'g::/16']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  it('tells the family', () => {
    assert.equal(cidrFamily('0.0.0.0/0'), 4);
    assert.equal(cidrFamily('::/0'), 6);
    assert.equal(cidrFamily('nonsense'), undefined);
  });
});

describe('AddressSet', () => {
  it('unions adjacent and overlapping blocks into one interval', () => {
    assert.ok(v4('0.0.0.0/1').union(v4('128.0.0.0/1')).equals(AddressSet.all(4)));
    assert.ok(v4('10.0.0.0/9', '10.128.0.0/9').equals(v4('10.0.0.0/8')));
    assert.ok(v4('10.0.0.0/8', '10.1.0.0/16').equals(v4('10.0.0.0/8')));
  });

  it('ignores CIDRs of the other family', () => {
    assert.ok(AddressSet.fromCidrs(4, ['::/0', '10.0.0.0/8']).equals(v4('10.0.0.0/8')));
    assert.ok(v6('0.0.0.0/0').isEmpty);
  });

  it('intersects', () => {
    assert.ok(v4('10.0.0.0/8').intersect(v4('10.1.0.0/16', '192.168.0.0/16')).equals(v4('10.1.0.0/16')));
    assert.ok(v4('10.0.0.0/8').intersect(v4('11.0.0.0/8')).isEmpty);
    assert.ok(v6('::/0').intersect(v6('2000::/3')).equals(v6('2000::/3')));
  });

  it('subtracts, leaving the pieces on either side', () => {
    const rest = AddressSet.all(4).minus(v4('10.0.0.0/8'));
    assert.equal(rest.intervals.length, 2);
    assert.ok(rest.union(v4('10.0.0.0/8')).equals(AddressSet.all(4)));
    assert.ok(v4('10.0.0.0/8').minus(v4('10.0.0.0/8')).isEmpty);
  });

  it('knows what covers what', () => {
    assert.ok(AddressSet.all(4).covers(INTERNET[4]));
    assert.ok(v4('0.0.0.0/1', '128.0.0.0/1').covers(INTERNET[4]));
    assert.ok(!v4('0.0.0.0/1').covers(INTERNET[4]));
    assert.ok(v6('::/0').covers(INTERNET[6]));
    assert.ok(!v6('2001:db8::/32').covers(INTERNET[6]));
    assert.ok(v4('10.0.0.0/8').covers(AddressSet.empty(4)));
  });

  it('answers covers() as "nothing is left after subtracting", on 2,000 random pairs', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const randomSet = () => v4(...Array.from({ length: rnd(4) }, () => `10.0.${rnd(4)}.${rnd(4) * 64}/${24 + rnd(9)}`));
    for (let k = 0; k < 2000; k++) {
      const a = randomSet();
      const b = randomSet();
      assert.equal(a.covers(b), b.minus(a).isEmpty, `${a.toCidrs(9)} covers ${b.toCidrs(9)}`);
    }
    // Touching intervals (not merged by whoever built the set) still cover as one.
    const touching = AddressSet.ofNormalised(4, [{ lo: 0n, hi: 9n }, { lo: 10n, hi: 19n }]);
    assert.ok(touching.covers(AddressSet.ofNormalised(4, [{ lo: 5n, hi: 15n }])));
    assert.ok(!touching.covers(AddressSet.ofNormalised(4, [{ lo: 5n, hi: 20n }])));
  });

  it('leaves private, shared and reserved space out of the internet', () => {
    for (const c of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16']) {
      assert.ok(INTERNET[4].intersect(v4(c)).isEmpty, c);
    }
    assert.ok(INTERNET[4].covers(v4('8.8.8.0/24')));
    assert.ok(INTERNET[6].intersect(v6('fd00::/8')).isEmpty);
  });

  it('writes itself back as the fewest CIDRs, up to a limit', () => {
    assert.deepEqual(AddressSet.all(4).toCidrs(), ['0.0.0.0/0']);
    assert.deepEqual(v4('0.0.0.0/1').union(v4('128.0.0.0/1')).toCidrs(), ['0.0.0.0/0']);
    assert.deepEqual(v4('10.0.0.0/8').minus(v4('10.0.0.0/9')).toCidrs(), ['10.128.0.0/9']);
    assert.deepEqual(v4('10.0.0.1/32', '10.0.0.2/31').toCidrs(), ['10.0.0.1/32', '10.0.0.2/31']);
    // Every octet, the top one's high bit included (written from a number, not a bigint).
    assert.deepEqual(v4('255.254.129.128/32', '192.168.1.0/24').toCidrs(), ['192.168.1.0/24', '255.254.129.128/32']);
    assert.deepEqual(AddressSet.all(4).minus(v4('10.0.0.0/8')).toCidrs(2), ['0.0.0.0/5', '8.0.0.0/7']);
    assert.deepEqual(v6('::/0').toCidrs(), ['::/0']);
    assert.deepEqual(v6('2001:db8::/32').toCidrs(), ['2001:db8::/32']);
    assert.deepEqual(AddressSet.empty(6).toCidrs(), []);
  });
});
