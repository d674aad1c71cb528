import { fifoModel, lifoModel } from './queue-models.js';
import { cleanFirstModel, dirtyFirstModel, haircutModel, poisonModel } from './scalar-models.js';
import type { TaintModel, TaintModelName } from './taint-model.js';

/**
 * Every account-model taint rule by name.
 *
 * @example
 * TAINT_MODELS.fifo.rule;
 */
export const TAINT_MODELS: Readonly<Record<TaintModelName, TaintModel>> = {
  poison: poisonModel as unknown as TaintModel,
  haircut: haircutModel,
  fifo: fifoModel,
  lifo: lifoModel,
  'dirty-first': dirtyFirstModel,
  'clean-first': cleanFirstModel,
};

/**
 * Resolves a model name (accepting `libr`, `pro-rata`, `pari-passu` and `seniority` as aliases).
 *
 * @example
 * getTaintModel('libr').name; // 'clean-first'
 */
export function getTaintModel(name: string): TaintModel {
  const key = name.trim().toLowerCase();
  const alias: Record<string, TaintModelName> = {
    libr: 'clean-first',
    'pro-rata': 'haircut',
    'pari-passu': 'haircut',
    seniority: 'dirty-first',
  };
  const model = TAINT_MODELS[(alias[key] ?? key) as TaintModelName];
  if (!model) {
    throw new Error(
      `Unknown taint model "${name}": use one of ${Object.keys(TAINT_MODELS).join(', ')} (or libr, pro-rata)`,
    );
  }
  return model;
}
