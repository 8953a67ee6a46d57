import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeText, readTextFile } from '../../../server/src/read/textFile.js';

test('file text is what Node reads as UTF-8: ASCII, other characters, a BOM and broken bytes', () => {
  const samples = [
    Buffer.from('{"Resources": {}}\r\n', 'utf8'),
    Buffer.from('Description: "ünïcödé ✓ 😀"\n', 'utf8'),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n')]),
    Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a, 0xc3]),
    Buffer.from([0x7f, 0x00, 0x09]),
    Buffer.alloc(0),
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-text-'));
  try {
    samples.forEach((bytes, i) => {
      const file = path.join(dir, `f${i}`);
      fs.writeFileSync(file, bytes);
      assert.equal(readTextFile(file), fs.readFileSync(file, 'utf8'), `sample ${i}`);
      assert.equal(decodeText(bytes), new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), `sample ${i}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
