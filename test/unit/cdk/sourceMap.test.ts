/**
 * Mapping a construct path to the app's source line: from a creation trace, and from the
 * construct id when there is no usable trace. In-memory files; no synthesis needed.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CdkSourceMapper, constructIds, parseFrame, type SourceFileSystem } from '../../../server/src/read/cdk/sourceMap.js';

const PROJECT = path.join(path.sep, 'home', 'dev', 'shop');
const APP = path.join(PROJECT, 'bin', 'app.ts');
const STACK = path.join(PROJECT, 'lib', 'web-stack.ts');

const STACK_TEXT = [
  "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
  'export class WebStack extends Stack {',
  '  constructor(scope: Construct, id: string) {',
  '    super(scope, id);',
  "    const vpc = new ec2.Vpc(this, 'Network');",
  '    const server = new ec2.Instance(',
  '      this,',
  "      'WebServer',",
  '      { vpc },',
  '    );',
  "    new ec2.Instance(this, \"Bastion\", { vpc });  ",
  '  }',
  '}',
].join('\n');

const APP_TEXT = ["const app = new App();", "new WebStack(app, 'WebStack');"].join('\n');

function memoryFs(files: Record<string, string>): SourceFileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readText(file) {
      reads.push(file);
      return files[file];
    },
    list(dir) {
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        const rel = path.relative(dir, f);
        if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
        const [first, ...rest] = rel.split(path.sep);
        names.set(first!, rest.length > 0);
      }
      return [...names].sort().map(([name, isDirectory]) => ({ name, isDirectory, isFile: !isDirectory }));
    },
  };
}

const PROJECT_FILES = {
  [path.join(PROJECT, 'cdk.json')]: JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts' }),
  [APP]: APP_TEXT,
  [STACK]: STACK_TEXT,
  [path.join(PROJECT, 'node_modules', 'lib', 'x.ts')]: "new Thing(this, 'WebServer')",
  [path.join(PROJECT, 'cdk.out', 'stale.ts')]: "new Thing(this, 'WebServer')",
};

describe('parseFrame', () => {
  it('reads the frame forms aws-cdk-lib writes', () => {
    assert.deepEqual(parseFrame('new WebStack (/home/dev/shop/lib/web-stack.ts:6:20)'), { file: '/home/dev/shop/lib/web-stack.ts', line: 6, column: 20 });
    assert.deepEqual(parseFrame('    at new WebStack (/a/b.ts:7:17)'), { file: '/a/b.ts', line: 7, column: 17 });
    assert.deepEqual(parseFrame('<anonymous> (/a/bin/app.ts:3:1)'), { file: '/a/bin/app.ts', line: 3, column: 1 });
    assert.deepEqual(parseFrame('/a/bin/app.js:3:1'), { file: '/a/bin/app.js', line: 3, column: 1 });
    assert.deepEqual(parseFrame('Object.<anonymous> (C:\\dev\\shop\\bin\\app.ts:12:5)'), { file: 'C:\\dev\\shop\\bin\\app.ts', line: 12, column: 5 });
    assert.deepEqual(parseFrame('main (file:///a/b%20c/app.mjs:4:2)'), { file: '/a/b c/app.mjs', line: 4, column: 2 });
  });

  it('skips summaries and runtime frames', () => {
    assert.equal(parseFrame('...new Instance2 in aws-cdk-lib...'), undefined);
    assert.equal(parseFrame('(no user code in 10 frames, use --stack-trace-limit to capture more)'), undefined);
    assert.equal(parseFrame('Module._compile (node:internal/modules/cjs/loader:1554:14)'), undefined);
  });
});

describe('constructIds', () => {
  it('gives the construct ids innermost first, skipping CDK child ids and the stack', () => {
    assert.deepEqual(constructIds('WebStack/WebServer/Resource'), ['WebServer']);
    assert.deepEqual(constructIds('WebStack/WebServer/InstanceSecurityGroup/Resource'), ['InstanceSecurityGroup', 'WebServer']);
    assert.deepEqual(constructIds('Prod/Bastion/Bastion/Resource'), ['Bastion']);
    assert.deepEqual(constructIds('Shop/WebTier.NestedStack/WebTier.NestedStackResource'), ['WebTier']);
    assert.deepEqual(constructIds('WebStack'), []);
  });
});

describe('CdkSourceMapper', () => {
  it('maps a creation trace to the first frame in the app, from its column to the end of the line', () => {
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs: memoryFs(PROJECT_FILES) });
    const loc = mapper.locate('WebStack/Bastion/Resource', [
      '...new Instance2 in aws-cdk-lib...',
      `new WebStack (${path.join(PROJECT, 'node_modules', 'lib', 'x.ts')}:1:1)`,
      `new WebStack (${STACK}:11:5)`,
      `<anonymous> (${APP}:2:1)`,
    ]);
    assert.deepEqual(loc, { file: STACK, range: { start: { line: 10, character: 4 }, end: { line: 10, character: 47 } } });
  });

  it('finds the construct id when the trace names files that are not here (synthesised elsewhere)', () => {
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs: memoryFs(PROJECT_FILES) });
    const loc = mapper.locate('WebStack/WebServer/Resource', ['new WebStack (/ci/build/lib/web-stack.ts:6:20)']);
    // The id is the call's second argument, on its own line: that line is where it is named.
    assert.deepEqual(loc, { file: STACK, range: { start: { line: 7, character: 6 }, end: { line: 7, character: 18 } } });
  });

  it('finds the construct id without a trace, starting at `new` when the call is on one line', () => {
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs: memoryFs(PROJECT_FILES) });
    assert.deepEqual(mapper.locate('WebStack/Bastion/Resource'), { file: STACK, range: { start: { line: 10, character: 4 }, end: { line: 10, character: 47 } } });
    assert.deepEqual(mapper.locate('WebStack/Network/PublicSubnet1/Subnet')?.range.start, { line: 4, character: 16 });
  });

  it('never searches node_modules or cdk.out, and reports nothing when the id is nowhere', () => {
    const fs = memoryFs(PROJECT_FILES);
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs });
    assert.equal(mapper.locate('WebStack/Database/Resource'), undefined);
    assert.ok(!fs.reads.some((f) => f.includes('node_modules') || f.includes('cdk.out')), fs.reads.join(', '));
  });

  it('searches the file cdk.json names first', () => {
    const files = { ...PROJECT_FILES, [path.join(PROJECT, 'aaa', 'other.ts')]: "new Stack(app, 'WebStack');" };
    const fs = memoryFs(files);
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs });
    // Only the outermost segment matches; the first segment (the stack) is never looked for.
    assert.equal(mapper.locate('WebStack'), undefined);
    assert.equal(mapper.locate('WebStack/X/WebStack/Resource')?.file, APP);
  });

  it('expresses a traced file under the project folder as given when the trace has its real path', () => {
    const real = path.join(path.sep, 'private', 'home', 'dev', 'shop');
    const files = PROJECT_FILES;
    const fs = { ...memoryFs(files), realPath: (f: string) => (f === PROJECT ? real : undefined) };
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs });
    const loc = mapper.locate('WebStack/Bastion/Resource', [`new WebStack (${path.join(real, 'lib', 'web-stack.ts')}:11:5)`]);
    assert.equal(loc?.file, STACK);
    assert.equal(loc?.range.start.line, 10);
  });

  it('prefers the .ts over a compiled .js trace frame', () => {
    const js = path.join(PROJECT, 'lib', 'web-stack.js');
    const mapper = new CdkSourceMapper({ projectDir: PROJECT, fs: memoryFs({ ...PROJECT_FILES, [js]: 'compiled' }) });
    const loc = mapper.locate('WebStack/Bastion/Resource', [`new WebStack (${js}:40:9)`]);
    assert.equal(loc?.file, STACK);
    assert.equal(loc?.range.start.line, 10);
  });
});
