import { baseFinding } from './describe.js';
import { DOCS_BASE, type Rule } from './types.js';

export const invalidTemplate: Rule = {
  id: 'E0001',
  slug: 'invalid-template',
  severity: 'error',
  title: 'The template cannot be read or has a broken reference',
  description:
    'The file could not be parsed (a YAML or JSON syntax error, a duplicate key, an unknown tag), is too large or too deeply ' +
    'nested to read safely, or refers to something that does not exist or refers to itself in a cycle. vpc-lint analyses what ' +
    'it could read; findings elsewhere in the file may be missing until this is fixed.',
  docsUrl: `${DOCS_BASE}invalid-template.md`,
  appliesTo: [],
  check(model) {
    return model.problems.map((p) =>
      baseFinding(invalidTemplate, { file: p.site.file, range: p.site.range, id: '', type: '' }, p.message),
    );
  },
};
