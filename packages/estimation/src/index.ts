export { chapman } from './lincoln-petersen.js';
