export { toBaseUnits } from './amount.js';
