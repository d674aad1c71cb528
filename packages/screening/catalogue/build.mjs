// Compiles the catalogue's YAML files into src/catalogue-data.generated.ts, so that the package
// ships its catalogue as code (no file reading at run time: it runs in browsers too).
// Run with `npm run catalogue -w packages/screening`; `npm run build` runs it first, and a test
// fails when the generated module is older than the YAML.
// This build-time script is not shipped: Node built-ins are fine here (the package itself has no I/O).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Reads the catalogue. With `fitted` (the default), the bias and weights fitted to the gold set
 * (weights.yaml, written by fit-weights.ts) replace the hand-set priors of indicators.yaml.
 */
export function loadCatalogueSources(dir = here, { fitted = true } = {}) {
  const read = (name) => parse(readFileSync(join(dir, name), 'utf8'));
  const indicators = read('indicators.yaml');
  const weights = fitted && existsSync(join(dir, 'weights.yaml')) ? read('weights.yaml') : null;
  if (weights) {
    const codes = new Set(indicators.indicators.map((i) => i.code));
    const stale = Object.keys(weights.weights).filter((code) => !codes.has(code));
    const missing = [...codes].filter((code) => !(code in weights.weights));
    if (stale.length > 0) {
      throw new Error(
        `weights.yaml has weights for indicators that no longer exist (${stale.join(', ')}); re-run \`npm run fit -w packages/screening\``,
      );
    }
    if (missing.length > 0) {
      // New indicators start from their hand-set weight until the next fit.
      console.warn(
        `weights.yaml has no fitted weight for ${missing.join(', ')}: using the hand-set weight; re-run \`npm run fit -w packages/screening\``,
      );
    }
  }
  return {
    version: weights
      ? `${indicators.version}+fit.${weights.goldPosts}`
      : String(indicators.version),
    bias: weights ? weights.bias : indicators.bias,
    // The hand-set weights stay available as the prior that fitting starts from.
    prior: {
      bias: indicators.bias,
      weights: Object.fromEntries(indicators.indicators.map((i) => [i.code, i.weight])),
    },
    groupDamping: indicators.groupDamping,
    sources: indicators.sources,
    indicators: weights
      ? indicators.indicators.map((i) => ({ ...i, weight: weights.weights[i.code] ?? i.weight }))
      : indicators.indicators,
    labels: read('labels.yaml').languages,
    gazetteer: read('gazetteer.yaml').places,
  };
}

export function renderCatalogueModule(data) {
  return [
    '// Generated from catalogue/*.yaml by catalogue/build.mjs: edit the YAML, then run',
    '// `npm run catalogue -w packages/screening`. Do not edit by hand.',
    "import type { Catalogue } from './catalogue.js';",
    '',
    `export const catalogueData: Catalogue = ${JSON.stringify(data, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = join(here, '..', 'src', 'catalogue-data.generated.ts');
  // Formatted like the rest of the code base, so `npm run lint` stays green after regenerating.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  const source = renderCatalogueModule(loadCatalogueSources());
  writeFileSync(target, await prettier.format(source, { ...options, filepath: target }));
}
