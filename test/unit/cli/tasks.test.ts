import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BLOCKWISE_YAML_CHARS, runTask } from '../../../server/src/cli/tasks.js';
import { checkDocument } from '../../../server/src/engine.js';
import { generateTemplate, toYaml } from '../../../bench/generate.js';

describe('runTask', () => {
  it('reads a large YAML file block by block with the same findings as one full parse', () => {
    let n = 1000;
    let yaml = toYaml(generateTemplate(n));
    while (yaml.length <= BLOCKWISE_YAML_CHARS) yaml = toYaml(generateTemplate((n *= 2)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-lint-task-'));
    try {
      fs.writeFileSync(path.join(dir, 'big.yaml'), yaml);
      const result = runTask({ kind: 'file', file: 'big.yaml' }, dir);
      assert.deepEqual(result.errors, []);
      assert.equal(result.filesChecked, 1);
      assert.ok(result.findings.length > 0);
      assert.deepEqual(result.findings, checkDocument('big.yaml', yaml).findings);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
